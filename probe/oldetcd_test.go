package probe_test

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/rules"
)

// Real etcd releases older than the linked one, built from the module
// proxy and cached: a 3.5 patch below the 3.6 floor (3.5.32), a 3.5 patch
// whose Status needs an admin user when auth is on (3.5.28 to 3.5.31), and
// a 3.6 patch.
const (
	old35   = "3.5.20"
	admin35 = "3.5.31"
	new36   = "3.6.16"
)

// admin35Replace builds 3.5.31 with the raft module of 3.5.33 for mirrors
// of the module proxy that lack raft v3.5.31 (the 3.5 raft module did not
// change between those patches' auth code paths; the server is 3.5.31's).
var admin35Replace = []string{"go.etcd.io/etcd/raft/v3 => go.etcd.io/etcd/raft/v3 v3.5.33"}

// startProcs starts a new cluster of real etcd processes, one per binary.
func startProcs(t *testing.T, bins []string, args ...string) []*etcdtest.Proc {
	t.Helper()
	ports := etcdtest.FreePorts(t, 2*len(bins))
	var initial []string
	for i := range bins {
		initial = append(initial, fmt.Sprintf("p%d=http://127.0.0.1:%d", i, ports[2*i+1]))
	}
	var procs []*etcdtest.Proc
	for i, bin := range bins {
		procs = append(procs, etcdtest.StartProc(t, etcdtest.ProcSpec{
			Binary:         bin,
			Name:           fmt.Sprintf("p%d", i),
			Dir:            filepath.Join(t.TempDir(), "data"),
			ClientPort:     ports[2*i],
			PeerPort:       ports[2*i+1],
			InitialCluster: strings.Join(initial, ","),
			Token:          fmt.Sprintf("etcdlint-%d", ports[0]),
			Args:           args,
		}))
	}
	etcdtest.WaitReady(t, procs...)
	return procs
}

func oldBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds real etcd binaries from the module proxy")
	}
}

func TestOldMemberBelowPatchFloor(t *testing.T) {
	oldBinaries(t)
	procs := startProcs(t, []string{etcdtest.Binary(t, old35)})
	ep := procs[0].ClientURL
	rep := run(t, probe.Options{Endpoints: []string{ep}, Target: "3.6"})
	if rep.From != old35 {
		t.Errorf("From = %q, want %s", rep.From, old35)
	}
	if got := fact(rep, ep, "cluster_version"); got != "3.5.0" {
		t.Errorf("cluster_version = %q, want 3.5.0", got)
	}
	f := wantRule(t, rep, "EO3601", "runs 3.5.20: every member needs 3.5.32 or later before 3.6")
	if f.Location.Endpoint != ep || f.Severity.String() != "error" {
		t.Errorf("EO3601 finding = %+v", f)
	}
	wantRule(t, rep, "ED3602", "storage version 3.6")
	wantRule(t, rep, "EO0004", "cluster version moves from 3.5.0 to 3.6.0")
	wantRule(t, rep, "EA3603", "etcd_debugging_mvcc_range_total")
	noRule(t, rep, "EO0001", "EO0002", "EO0003")

	// Two minors ahead: one minor at a time.
	rep = run(t, probe.Options{Endpoints: []string{ep}, Target: "3.7"})
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	latest := func(line string) string {
		v, err := cat.Resolve(rules.MustParseVersion(line))
		if err != nil {
			t.Fatal(err)
		}
		return v.String()
	}
	f = wantRule(t, rep, "EO0001", latest("3.7")+" is 2 minor releases ahead")
	if !strings.Contains(f.Note, "3.5.20 -> "+latest("3.5")+" -> "+latest("3.6")+" -> "+latest("3.7")) {
		t.Errorf("EO0001 note = %q, want the upgrade path", f.Note)
	}

	// Clients pointed at the peer URL still work on 3.5, not on 3.6.
	rep = run(t, probe.Options{Endpoints: []string{procs[0].PeerURL}, Target: "3.6"})
	wantRule(t, rep, "EA3601", "is member p0's peer URL")

	// Its data dir, while it runs, is reported as locked, not waited on.
	rep = run(t, probe.Options{DataDirs: []string{procs[0].Dir}, Target: "3.6", Timeout: 300 * time.Millisecond})
	wantProblem(t, rep, procs[0].Dir, "locked by a running etcd", false)
}

func TestMixedVersionsMidUpgrade(t *testing.T) {
	oldBinaries(t)
	b35, b36 := etcdtest.Binary(t, old35), etcdtest.Binary(t, new36)
	procs := startProcs(t, []string{b35, b35, b36})
	var eps []string
	for _, p := range procs {
		eps = append(eps, p.ClientURL)
	}
	rep := run(t, probe.Options{Endpoints: eps, Target: "3.7"})
	if rep.From != old35 {
		t.Errorf("From = %q, want the lowest member version %s", rep.From, old35)
	}
	if got := fact(rep, "cluster", "cluster_version"); got != "3.5.0" {
		t.Errorf("cluster_version = %q, want 3.5.0 (lagging)", got)
	}
	if got := fact(rep, procs[2].ClientURL, "server_version"); got != new36 {
		t.Errorf("3.6 member server_version = %q", got)
	}
	wantRule(t, rep, "EO0007", "an upgrade to 3.6 is in progress (cluster version 3.5.0)")
	wantRule(t, rep, "EO0001", "every member must reach 3.6 before the hop to 3.7")
	noRule(t, rep, "EO0003")

	// Finishing the 3.6 upgrade: the 3.5.20 members are below the floor.
	rep = run(t, probe.Options{Endpoints: eps, Target: "3.6"})
	if n := len(findings(rep, "EO3601")); n != 2 {
		t.Errorf("%d EO3601 findings, want one per 3.5.20 member:\n%s", n, dump(rep))
	}
}

// v2Put writes n v2 keys under /app over the v2 HTTP API.
func v2Put(t *testing.T, ep string, n int) {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	for i := range n {
		form := url.Values{"value": {fmt.Sprintf("v%d", i)}}
		req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/v2/keys/app/k%d", ep, i), strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("v2 PUT: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("v2 PUT: HTTP %d", resp.StatusCode)
		}
	}
}

func TestV2StoreContent35(t *testing.T) {
	oldBinaries(t)
	procs := startProcs(t, []string{etcdtest.Binary(t, old35)}, "--enable-v2", "--snapshot-count", "5")
	ep := procs[0].ClientURL
	v2Put(t, ep, 12)
	rep := run(t, probe.Options{Endpoints: []string{ep}, Target: "3.6"})
	wantRule(t, rep, "ED3601", "holds custom v2 content (/app)")
	wantRule(t, rep, "EO0005", "does not back them up")
	wantRule(t, rep, "EA3602", "v2 API requests")
	if got := fact(rep, ep, "v2_api"); got != "enabled" {
		t.Errorf("v2_api = %q", got)
	}

	procs[0].Stop()
	rep = run(t, probe.Options{DataDirs: []string{procs[0].Dir}, Target: "3.6"})
	f := wantRule(t, rep, "ED3601", "holds custom v2 content")
	if !strings.Contains(f.Message, "in the v2 snapshot (/1/app") {
		t.Errorf("ED3601 does not name the v2 snapshot path: %s", f.Message)
	}
	if got := fact(rep, procs[0].Dir, "cluster_version"); got != "3.5.0" {
		t.Errorf("data dir cluster_version = %q, want 3.5.0", got)
	}
	if got := fact(rep, procs[0].Dir, "storage_version"); got != "none" {
		t.Errorf("a 3.5 data dir has storage version %q", got)
	}
	wantRule(t, rep, "ED3602", "no storage version yet")
}

// TestV2StoreContentInWAL35 leaves the custom v2 writes in the WAL only
// (no v2 snapshot taken since): the WAL scan must find them.
func TestV2StoreContentInWAL35(t *testing.T) {
	oldBinaries(t)
	procs := startProcs(t, []string{etcdtest.Binary(t, old35)}, "--enable-v2")
	v2Put(t, procs[0].ClientURL, 3)
	procs[0].Stop()
	rep := run(t, probe.Options{DataDirs: []string{procs[0].Dir}, Target: "3.6"})
	// The WAL also holds the QGETs the member proposed for /health, which
	// etcdutl check v2store counts as well.
	wantRule(t, rep, "ED3601", "PUT /1/app/k0")
	if n, err := strconv.Atoi(fact(rep, procs[0].Dir, "wal_custom_v2_requests")); err != nil || n < 3 {
		t.Errorf("wal_custom_v2_requests = %d (%v), want at least the 3 PUTs", n, err)
	}
	if got := fact(rep, procs[0].Dir, "v2_custom_nodes"); got != "" {
		t.Errorf("v2_custom_nodes = %q although no v2 snapshot exists", got)
	}
}

// TestAuthAdminOnlyPatch: on 3.5.31 with auth enabled, Status needs an
// admin user; a non-admin user's refusal is reported as missing
// credentials, not as an outage.
func TestAuthAdminOnlyPatch(t *testing.T) {
	oldBinaries(t)
	procs := startProcs(t, []string{etcdtest.Binary(t, admin35, admin35Replace...)})
	ep := procs[0].ClientURL
	cl := client(t, []string{ep}, "", "")
	ctx := etcdtest.Context(t, time.Minute)
	for _, step := range []func() error{
		func() error { _, err := cl.UserAdd(ctx, "root", "rootpw"); return err },
		func() error { _, err := cl.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := cl.UserAdd(ctx, "alice", "alicepw"); return err },
		func() error { _, err := cl.AuthEnable(ctx); return err },
	} {
		if err := step(); err != nil {
			t.Fatalf("setting up auth: %v", err)
		}
	}
	rep := run(t, probe.Options{Endpoints: []string{ep}, User: "alice", Password: "alicepw", Target: "3.6"})
	wantProblem(t, rep, ep, `user "alice" was refused`, false)
	wantProblem(t, rep, ep, "an admin user on 3.4.42+, 3.5.28-3.5.31 and 3.6.9-3.6.11", false)
	wantRule(t, rep, "EA0001", "on 3.5.31 refused Status: etcdserver: permission denied")
	noRule(t, rep, "EO0003")
	if rep.From != admin35 || probe.NoneAnswered(rep) {
		t.Errorf("From = %q; the version should still be read:\n%s", rep.From, dump(rep))
	}
	// The floor is still checked from /version.
	wantRule(t, rep, "EO3601", "runs 3.5.31")

	rep = run(t, probe.Options{Endpoints: []string{ep}, User: "root", Password: "rootpw", Target: "3.6"})
	if len(rep.Problems) > 0 || fact(rep, ep, "db_size") == "" || fact(rep, "cluster", "auth_enabled") != "true" {
		t.Errorf("probe as root on 3.5.31:\n%s", dump(rep))
	}
	noRule(t, rep, "EA0001")
}
