package probe_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
)

// A member removed from a three-member cluster of real etcd 3.5.20.
//
// What real etcd does: a member removed while it runs hears of its
// removal through the raft log (or from a peer answering its messages
// with 410 Gone) and stops itself ("the member has been permanently
// removed from the cluster"). A member removed while it was stopped and
// started again on its old data dir comes up with its own stale member
// list, serves Status, and stops once a peer tells it it was removed. Measured
// with 3.5.20 on one host: the restarted member stops within about 100 ms
// (a peer answers its first raft message with 410 Gone), too short to
// probe reliably; holding it open needs a network cut between it and its
// peers, which one host without network namespaces cannot make. The
// test checks the self-stop and that any probe in the window names only
// the removed member (TestMemberOfAnotherCluster covers the report).
func TestRemovedMemberStopsItself(t *testing.T) {
	oldBinaries(t)
	bin := etcdtest.Binary(t, old35)
	sp := specs(t, bin, 3)
	var procs []*etcdtest.Proc
	for _, s := range sp {
		procs = append(procs, etcdtest.StartProc(t, s))
	}
	etcdtest.WaitReady(t, procs...)
	cl := client(t, []string{procs[0].ClientURL, procs[1].ClientURL}, "", "")
	ctx := etcdtest.Context(t, 2*time.Minute)

	// Removed while stopped, then started again on its old data dir.
	ml, err := cl.MemberList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id2 uint64
	for _, m := range ml.Members {
		if m.Name == "p2" {
			id2 = m.ID
		}
	}
	procs[2].Stop()
	if _, err := cl.MemberRemove(ctx, id2); err != nil {
		t.Fatalf("member remove: %v", err)
	}
	p2 := etcdtest.StartProc(t, sp[2])
	eps := []string{procs[0].ClientURL, procs[1].ClientURL, p2.ClientURL}
	// Probe while it starts; a removed member that answers must be named.
	deadline := time.Now().Add(30 * time.Second)
	stopped := false
	for !stopped && time.Now().Before(deadline) {
		rep := run(t, probe.Options{Endpoints: eps, Target: "3.6", Timeout: 3 * time.Second})
		for _, f := range findings(rep, "EO0070") {
			if strings.Contains(f.Message, "answers but is not in the member list") && f.Location.Endpoint != p2.ClientURL {
				t.Errorf("EO0070 names %s, want %s: %s", f.Location.Endpoint, p2.ClientURL, f.Message)
			}
		}
		b, _ := os.ReadFile(p2.Log)
		stopped = strings.Contains(string(b), "the member has been permanently removed from the cluster")
	}
	if !stopped {
		t.Fatal("the removed member did not stop itself")
	}
	// Once it has stopped, it is only an endpoint that does not answer:
	// not in the member list, so no zombie finding either.
	rep := run(t, probe.Options{Endpoints: eps, Target: "3.6", Timeout: 3 * time.Second})
	wantRule(t, rep, "EO0003", "could not be read")
	if got := fact(rep, "cluster", "member_lists_agree"); got != "true" {
		t.Errorf("member_lists_agree = %q, want true", got)
	}
}
