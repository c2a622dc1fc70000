package probe

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/probe/datadir"
	"github.com/etcdlint/etcdlint/report"
)

// Bootstrap is how a member is (about to be) started: the flags etcd
// reads only when its data dir is empty.
type Bootstrap struct {
	// Name is the member's --name.
	Name string
	// State is --initial-cluster-state: "new" or "existing".
	State string
	// PeerURLs are its --initial-advertise-peer-urls.
	PeerURLs []string
}

// freshDataDir reports whether etcd would bootstrap on path: it does not
// exist or holds no WAL.
func freshDataDir(path string, opts Options) (bool, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	d, err := datadir.Inspect(path, datadir.Options{WALDir: opts.WALDir, LockTimeout: lockTimeout})
	if err != nil {
		return false, err
	}
	return d.Layout == datadir.LayoutEmpty || !d.WALPresent, nil
}

// checkBootstrap compares the bootstrap flags of the member whose data
// dir is opts.DataDirs[0] with that dir and the running cluster (EO0073).
func checkBootstrap(f *finder, cl *cluster, opts Options) {
	b := opts.Bootstrap
	if b == nil || len(opts.DataDirs) != 1 {
		return
	}
	dir := opts.DataDirs[0]
	loc := report.Location{Path: dir}
	fresh, err := freshDataDir(dir, opts)
	if err != nil {
		f.problem(dir, dirDet, false, "bootstrap check: %v", err)
		return
	}
	f.fact(dir, "bootstraps", "%t", fresh)
	if !fresh {
		f.add("EO0073", dirDet, loc, "", "%s already holds a member: etcd ignores --initial-cluster-state %s and the other --initial-cluster* flags", dir, b.State)
		return
	}
	known := cl != nil && cl.list != nil
	var listed string
	if known {
		for _, lm := range cl.majorityList() {
			sameName := b.Name != "" && lm.GetName() == b.Name
			samePeer := slices.ContainsFunc(b.PeerURLs, func(u string) bool { return slices.Contains(lm.GetPeerURLs(), u) })
			if sameName || samePeer {
				listed = cmpOr(lm.GetName(), strings.Join(lm.GetPeerURLs(), ","))
				if lm.GetName() == "" {
					listed += " (added, not started)"
				}
			}
		}
	}
	switch b.State {
	case "new":
		if known && listed != "" && !strings.HasSuffix(listed, "(added, not started)") {
			f.add("EO0073", dirDet, loc, "Remove the member (etcdctl member remove), add it again (etcdctl member add) and start it with --initial-cluster-state existing.",
				"%s is empty but member %s is already in the running cluster: with --initial-cluster-state new etcd refuses to start (\"member has already been bootstrapped\")", dir, listed)
		}
	case "existing":
		switch {
		case cl == nil:
			f.add("EO0073", dirDet, loc, "", "%s is empty and --initial-cluster-state is existing, but no endpoint was given to check that a cluster runs: on a first install etcd cannot join anything", dir)
		case !known:
			f.add("EO0073", dirDet, loc, "", "%s is empty and --initial-cluster-state is existing, but no member list could be read: the member has nothing to join", dir)
		case listed == "":
			f.add("EO0073", dirDet, loc, "Add the member first (etcdctl member add), then start it.", "%s is empty and --initial-cluster-state is existing, but the running cluster does not list member %s: etcd exits", dir, cmpOr(b.Name, strings.Join(b.PeerURLs, ",")))
		}
	}
}
