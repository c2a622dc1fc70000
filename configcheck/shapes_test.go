package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
)

// at reports whether rep has a finding of rule in a file ending in file
// at line.
func at(rep *report.Report, rule, file string, line int) bool {
	for _, f := range rep.Findings {
		if f.Rule == rule && strings.HasSuffix(filepath.ToSlash(f.Location.File), file) && f.Location.Line == line {
			return true
		}
	}
	return false
}

// TestCoreOSDropIns checks Container Linux drop-ins for etcd-member.service
// without the unit: they configure the unit's etcd-wrapper (the version
// from ETCD_IMAGE_TAG), ExecStart= is reset and replaced, and a later
// drop-in's Environment= adds to the earlier one's.
func TestCoreOSDropIns(t *testing.T) {
	rep := runDeploy(t, "coreos-dropin", "3.6")
	if rep.From != "3.3.27" || rep.FromSource != "image" {
		t.Errorf("from %q (%s), want 3.3.27 from ETCD_IMAGE_TAG", rep.From, rep.FromSource)
	}
	if !at(rep, "ES3601", "20-clct-etcd-member.conf", 7) {
		t.Errorf("--enable-v2 of the drop-in's ExecStart= not reported: %+v", rep.Findings)
	}
	if !at(rep, "ES3605", "30-tuning.conf", 5) {
		t.Errorf("the second drop-in's variable not checked: %+v", rep.Findings)
	}
	if has(rep, "ES3603", 0) {
		t.Errorf("snapshot-count set by 30-tuning.conf reported as unset: %+v", rep.Findings)
	}
	if len(rep.Problems) > 0 || len(rep.Inputs) != 2 {
		t.Errorf("inputs %+v, problems %+v", rep.Inputs, rep.Problems)
	}
}

// TestDropInsMerged checks a unit with drop-ins beside it and in the
// etc/systemd/system layout: the drop-in's ExecStart= replaces the
// unit's, a later Environment= overrides an earlier one, and of two
// drop-ins with the same name the one in /etc/systemd/system is used.
func TestDropInsMerged(t *testing.T) {
	rep := runDeploy(t, "systemd-dropins", "3.6")
	if !at(rep, "ES3606", "etcd.service.d/10-cluster.conf", 11) {
		t.Errorf("the drop-in's ExecStart= not checked: %+v", rep.Findings)
	}
	if !at(rep, "ES3409", "etc/systemd/system/etcd.service.d/20-env.conf", 3) {
		t.Errorf("ETCD_AUTO_COMPACTION_RETENTION from the overriding drop-in not used: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if strings.HasSuffix(f.Location.File, "etcd.service") && f.Location.Line == 12 {
			t.Errorf("the reset ExecStart= of the unit was checked: %s %s", f.Rule, f.Message)
		}
		if f.Rule == "ES3207" {
			t.Errorf("the masked drop-in's quota was used: %s", f.Message)
		}
	}
	masked := false
	for _, f := range rep.Facts {
		masked = masked || f.Name == "masked_drop_in" && strings.HasSuffix(f.Subject, "systemd-dropins/etcd.service.d/20-env.conf")
	}
	if !masked || len(rep.Inputs) != 4 {
		t.Errorf("masked drop-in not reported (inputs %d): %+v", len(rep.Inputs), rep.Facts)
	}
}

// TestDropInsBesideNamedUnit checks that a unit named on the command line
// is merged with the drop-ins in its NAME.service.d directory.
func TestDropInsBesideNamedUnit(t *testing.T) {
	rep := runDeploy(t, "systemd-dropins/etcd.service", "3.6")
	if !at(rep, "ES3606", "etcd.service.d/10-cluster.conf", 11) || len(rep.Inputs) != 3 {
		t.Errorf("drop-ins beside the named unit not merged (inputs %+v): %+v", rep.Inputs, rep.Findings)
	}
}

// TestDropInWithoutUnit checks a drop-in whose unit is not in the run and
// that has no ExecStart= of its own: it is reported as such.
func TestDropInWithoutUnit(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "etcd.service.d")
	if err := os.Mkdir(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "10-env.conf"), []byte("[Service]\nEnvironment=ETCD_ENABLE_V2=true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, "3.6"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{dir}, Target: tv.String(), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Message, "drop-in for etcd.service, which is not among the checked files") {
		t.Errorf("problems %+v", rep.Problems)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("findings for a drop-in checked without its unit: %+v", rep.Findings)
	}
}

// TestContainerRunShapes checks docker run in a unit, podman run in a
// script and rkt run in a unit: the engine's options are skipped, the
// image tag is the from version, -e and --set-env values are etcd's
// environment and the unit's own Environment= is not (unless -e NAME
// passes it).
func TestContainerRunShapes(t *testing.T) {
	rep := runDeploy(t, "docker-run", "3.6")
	for _, w := range []struct {
		rule, file string
		line       int
	}{
		{"ES3601", "docker-run/etcd.service", 19},
		{"ES3605", "docker-run/etcd.service", 14},
		{"ES3502", "docker-run/start-etcd.sh", 10},
	} {
		if !at(rep, w.rule, w.file, w.line) {
			t.Errorf("want %s at %s:%d: %+v", w.rule, w.file, w.line, rep.Findings)
		}
	}
	if rep.From != "3.4.27" || len(rep.Problems) > 0 {
		t.Errorf("from %q (want 3.4.27 from the image tags), problems %+v", rep.From, rep.Problems)
	}
	rep = runDeploy(t, "rkt-run", "3.6")
	if rep.From != "3.3.27" || !at(rep, "ES3601", "rkt-run/etcd.service", 11) {
		t.Errorf("rkt: from %q, findings %+v", rep.From, rep.Findings)
	}
}

// TestRealEtcdContainerEnv starts the real etcd 3.6.16 with the
// environment the podman script passes (-e ETCD_LOGGER=capnslog), which
// etcdlint says stops it, with the rkt unit's --set-env
// ETCD_ENABLE_V2=true, which etcdlint says is only a warning, and with
// the merged unit and drop-in of systemd-dropins (ETCD_DATA_DIR and
// --data-dir), which etcdlint says stops it.
func TestRealEtcdContainerEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	bin := etcdtest.Binary(t, "3.6.16")
	run := func(extra string, args ...string) (string, error) {
		ports := etcdtest.FreePorts(t, 2)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "ETCD_NAME=m1", "ETCD_DATA_DIR=" + t.TempDir(), extra,
			fmt.Sprintf("ETCD_LISTEN_CLIENT_URLS=http://127.0.0.1:%d", ports[0]), fmt.Sprintf("ETCD_ADVERTISE_CLIENT_URLS=http://127.0.0.1:%d", ports[0]),
			fmt.Sprintf("ETCD_LISTEN_PEER_URLS=http://127.0.0.1:%d", ports[1]), fmt.Sprintf("ETCD_INITIAL_ADVERTISE_PEER_URLS=http://127.0.0.1:%d", ports[1]),
			fmt.Sprintf("ETCD_INITIAL_CLUSTER=m1=http://127.0.0.1:%d", ports[1])}
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Wait until etcd either exits or reports that it serves clients.
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case err := <-done:
				return out.String(), err
			case <-tick.C:
				if strings.Contains(out.String(), "serving client traffic") {
					_ = cmd.Process.Kill()
					<-done
					return out.String(), nil
				}
			case <-ctx.Done():
				_ = cmd.Process.Kill()
				<-done
				return out.String(), ctx.Err()
			}
		}
	}
	out, err := run("ETCD_LOGGER=capnslog")
	if err == nil || !strings.Contains(out, "capnslog is removed") {
		t.Errorf("etcd 3.6.16 with ETCD_LOGGER=capnslog did not exit (err %v):\n%s", err, out)
	}
	out, err = run("ETCD_ENABLE_V2=true")
	if err != nil || !strings.Contains(out, "unrecognized environment variable") {
		t.Errorf("etcd 3.6.16 with ETCD_ENABLE_V2=true: err %v, want a start with a warning:\n%s", err, out)
	}
	// systemd-dropins: the unit's ETCD_DATA_DIR with the drop-in's
	// --data-dir (ES3407 says etcd exits).
	out, err = run("ETCD_SNAPSHOT_COUNT=10000", "--data-dir", t.TempDir())
	if err == nil || !strings.Contains(out, "conflicting environment variable") {
		t.Errorf("etcd 3.6.16 with ETCD_DATA_DIR and --data-dir did not exit (err %v):\n%s", err, out)
	}
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRootLinksEnvironmentFile checks EnvironmentFile=/etc/etcd/etcd.env
// in a copy of a node's file system: with Root it is read from the tree,
// without it (two env files, none beside the unit) the report says where
// it looked; with one env file in the run that file is linked.
func TestRootLinksEnvironmentFile(t *testing.T) {
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, "3.6"))
	if err != nil {
		t.Fatal(err)
	}
	tree := filepath.Join("..", "testdata", "config", "deploy", "node-tree")
	check := func(root string, paths ...string) *report.Report {
		res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: paths, Root: root, Target: tv.String(), Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		return res.Report
	}
	unit := filepath.Join(tree, "etc", "systemd", "system", "etcd.service")
	rep := check(tree, tree)
	if !at(rep, "ES3502", "etc/etcd/etcd.env", 11) || len(rep.Problems) > 0 {
		t.Errorf("with --root: want ES3502 from the linked env file and no problems: %+v %+v", rep.Findings, rep.Problems)
	}
	rep = check("", tree)
	found := false
	for _, p := range rep.Problems {
		found = found || p.Input == unit && strings.Contains(p.Message, "looked for")
	}
	if !found {
		t.Errorf("without --root: no problem saying where the env file was looked for: %+v", rep.Problems)
	}
	rep = check("", unit, filepath.Join(tree, "etc", "etcd", "etcd.env"))
	linked := false
	for _, f := range rep.Facts {
		linked = linked || f.Name == "linked_env_file"
	}
	if !linked || len(rep.Problems) > 0 || !at(rep, "ES3502", "etc/etcd/etcd.env", 11) {
		t.Errorf("the run's only env file not linked: facts %+v problems %+v", rep.Facts, rep.Problems)
	}
	// The root outside the checked paths: nothing is read from it.
	rep = check(tree, filepath.Join(tree, "etc", "systemd"))
	found = false
	for _, p := range rep.Problems {
		found = found || strings.Contains(p.Message, "outside the checked tree")
	}
	if !found {
		t.Errorf("--root outside the checked paths: env file not reported as not read: %+v", rep.Problems)
	}
}
