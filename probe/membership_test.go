package probe_test

import (
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
)

// A member of another cluster among the endpoints answers, but it is in
// no member list the others agree on: the shape of a member removed and
// left running.
func TestMemberOfAnotherCluster(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	other := etcdtest.Start(t, 1, etcdtest.Options{})

	rep := run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.7"})
	noRule(t, rep, "EO0070", "EO0071")
	if got := fact(rep, "cluster", "member_lists_agree"); got != "true" {
		t.Errorf("member_lists_agree = %q, want true", got)
	}

	eps := append(c.Endpoints(), other.Members[0].ClientURL)
	rep = run(t, probe.Options{Endpoints: eps, Target: "3.7"})
	f := wantRule(t, rep, "EO0070", "answers but is not in the member list the other members agree on")
	if f.Location.Endpoint != other.Members[0].ClientURL || f.Severity.String() != "error" {
		t.Errorf("EO0070 finding = %+v", f)
	}
	if got := fact(rep, "cluster", "member_lists_agree"); got != "false" {
		t.Errorf("member_lists_agree = %q, want false", got)
	}
	// Only the stray member is flagged, and not as a removed member: its
	// cluster ID is another's.
	if n := len(findings(rep, "EO0070")); n != 1 {
		t.Errorf("%d EO0070 findings, want 1:\n%s", n, dump(rep))
	}
	noRule(t, rep, "EO0074")
}

// Verification on a healthy embedded cluster passes at its own version
// and fails against another target, a changed member list and a member
// that is down.
func TestVerifyEmbedded(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	cl := client(t, c.Endpoints(), "", "")
	ctx := etcdtest.Context(t, time.Minute)
	for _, k := range []string{"a", "b", "c"} {
		if _, err := cl.Put(ctx, k, "v"); err != nil {
			t.Fatal(err)
		}
	}
	cat := catalog(t)
	linked := cat.LatestStable().String() // the embedded server is the linked etcd
	rep, snap, err := probe.RunSnapshot(ctx, probe.Options{Endpoints: c.Endpoints(), Target: linked, Catalog: cat, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if snap == nil || len(snap.Members) != 3 || snap.ClusterID == "" {
		t.Fatalf("snapshot = %+v", snap)
	}
	noRule(t, rep, "EO0072") // not verifying
	b, err := snap.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	before, err := probe.ParseSnapshot(b)
	if err != nil {
		t.Fatalf("ParseSnapshot(Marshal()): %v", err)
	}

	// A new cluster writes its storage version a moment after it is
	// ready: until then verification rightly fails.
	deadline := time.Now().Add(time.Minute)
	for {
		rep = run(t, probe.Options{Endpoints: c.Endpoints(), Target: linked, Verify: true, Before: before})
		if len(findings(rep, "EO0072")) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	noRule(t, rep, "EO0072")
	rev := fact(rep, "cluster", "hashkv_revision")
	if rev == "" || rev == "0" {
		t.Errorf("hashkv_revision = %q", rev)
	}
	h0 := fact(rep, c.Members[0].ClientURL, "hashkv")
	for _, m := range c.Members[1:] {
		if h := fact(rep, m.ClientURL, "hashkv"); h == "" || h != h0 {
			t.Errorf("hashkv of %s = %q, want %q", m.ClientURL, h, h0)
		}
	}

	// Another target: every member is off it.
	rep = run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.6", Verify: true})
	wantRule(t, rep, "EO0072", "not the target 3.6.17")

	// A member list that differs from the one saved.
	changed := *before
	changed.Members = changed.Members[:2]
	rep = run(t, probe.Options{Endpoints: c.Endpoints(), Target: linked, Verify: true, Before: &changed})
	wantRule(t, rep, "EO0072", "the member list changed since")

	// A member down: it cannot be verified.
	c.Members[2].Stop()
	rep = run(t, probe.Options{Endpoints: c.Endpoints(), Target: linked, Verify: true, Before: before, Timeout: 3 * time.Second})
	wantRule(t, rep, "EO0072", "did not answer Status")
}

func TestParseSnapshotRejects(t *testing.T) {
	for _, in := range []string{
		``,
		`{}`,
		`{"members":[]}`,
		`{"members":[{"id":"zz"}]}`,
		`{"members":[{"id":"1"}],"extra":1}`,
		`{"members":[{"id":"1"}]} {}`,
	} {
		if _, err := probe.ParseSnapshot([]byte(in)); err == nil || !strings.Contains(err.Error(), "member snapshot") {
			t.Errorf("ParseSnapshot(%q) error = %v, want a member snapshot error", in, err)
		}
	}
}

func TestVerifyNeedsTarget(t *testing.T) {
	if _, err := probe.Run(t.Context(), probe.Options{Endpoints: []string{"http://127.0.0.1:1"}, Verify: true}); err == nil {
		t.Error("Verify without a target: no error")
	}
}

func TestBootstrapExistingFirstInstall(t *testing.T) {
	dir := t.TempDir()
	rep := run(t, probe.Options{DataDirs: []string{dir}, Bootstrap: &probe.Bootstrap{Name: "m0", State: "existing"}, Target: "3.7"})
	wantRule(t, rep, "EO0073", "is empty and --initial-cluster-state is existing, but no endpoint was given")
	rep = run(t, probe.Options{DataDirs: []string{dir}, Bootstrap: &probe.Bootstrap{Name: "m0", State: "new"}, Target: "3.7"})
	noRule(t, rep, "EO0073")
	if _, err := probe.Run(t.Context(), probe.Options{DataDirs: []string{dir}, Bootstrap: &probe.Bootstrap{State: "maybe"}}); err == nil {
		t.Error("initial cluster state maybe: no error")
	}
}
