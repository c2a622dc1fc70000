package probe_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
)

// learnerAfterUpdate starts a one-member cluster of bin, adds and starts
// a learner, updates the learner's peer URLs (unchanged) and returns the
// probe reports before and after restarting the learner on its data dir.
func learnerAfterUpdate(t *testing.T, bin string) []*report.Report {
	t.Helper()
	sp := specs(t, bin, 1)
	p0 := etcdtest.StartProc(t, sp[0])
	etcdtest.WaitReady(t, p0)
	ports := etcdtest.FreePorts(t, 2)
	peer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	cl := client(t, []string{p0.ClientURL}, "", "")
	ctx := etcdtest.Context(t, 2*time.Minute)
	added, err := cl.MemberAddAsLearner(ctx, []string{peer})
	if err != nil {
		t.Fatalf("member add --learner: %v", err)
	}
	lspec := etcdtest.ProcSpec{
		Binary: bin, Name: "l1", Dir: filepath.Join(t.TempDir(), "data"),
		ClientPort: ports[0], PeerPort: ports[1],
		InitialCluster: sp[0].InitialCluster + ",l1=" + peer, Token: sp[0].Token,
		Args: []string{"--initial-cluster-state", "existing"},
	}
	learner := etcdtest.StartProc(t, lspec)
	etcdtest.WaitReady(t, learner)
	eps := []string{p0.ClientURL, learner.ClientURL}
	waitLearner := func() *report.Report {
		var rep *report.Report
		deadline := time.Now().Add(time.Minute)
		for {
			rep = run(t, probe.Options{Endpoints: eps, Target: "3.6"})
			if (fact(rep, learner.ClientURL, "is_learner") != "" && len(findings(rep, "EO0008")) > 0) || time.Now().After(deadline) {
				return rep
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	noRule(t, waitLearner(), "EO0071")

	if _, err := cl.MemberUpdate(ctx, added.Member.ID, []string{peer}); err != nil {
		t.Fatalf("member update: %v", err)
	}
	updated := run(t, probe.Options{Endpoints: eps, Target: "3.6"})
	t.Logf("%s after member update: list learner rule EO0008=%d, own is_learner=%s, EO0071=%d",
		bin, len(findings(updated, "EO0008")), fact(updated, learner.ClientURL, "is_learner"), len(findings(updated, "EO0071")))

	learner.Stop()
	learner = etcdtest.StartProc(t, lspec)
	etcdtest.WaitReady(t, learner)
	restarted := run(t, probe.Options{Endpoints: eps, Target: "3.6"})
	t.Logf("%s after restart: EO0008=%d, own is_learner=%s, EO0071=%d",
		bin, len(findings(restarted, "EO0008")), fact(restarted, learner.ClientURL, "is_learner"), len(findings(restarted, "EO0071")))
	return []*report.Report{updated, restarted}
}

// etcd issue 21694 on 3.5.20: MemberUpdate on a learner clears its
// learner flag in the member list. The learner's own Status reads the
// same membership (cluster.IsLocalMemberLearner), so it reports
// is_learner=false too, before and after a restart on its data dir: list
// and status agree and EO0071 cannot see it. Only raft's own
// configuration still holds the member as a learner, and no client API
// exposes that; the learner also stops refusing MemberList. What the
// probe can report is the version (EO3670, the learner floor) while a
// learner is in the cluster, which this update has hidden.
func TestLearnerUpdateFlag3520(t *testing.T) {
	oldBinaries(t)
	for i, rep := range learnerAfterUpdate(t, etcdtest.Binary(t, old35)) {
		if n := len(findings(rep, "EO0008")); n != 0 {
			t.Errorf("report %d: the learner flag is still in the member list (%d EO0008): issue 21694 did not reproduce", i, n)
		}
		noRule(t, rep, "EO0071")
	}
}

// On 3.5.31 the fix holds: the member list keeps the learner flag after
// MemberUpdate and after a restart, and it matches the learner's status.
func TestLearnerUpdateFlag3531(t *testing.T) {
	oldBinaries(t)
	for i, rep := range learnerAfterUpdate(t, etcdtest.Binary(t, admin35, admin35Replace...)) {
		if n := len(findings(rep, "EO0008")); n != 1 {
			t.Errorf("report %d: %d EO0008 findings, want 1 (the learner)", i, n)
		}
		noRule(t, rep, "EO0071")
	}
}
