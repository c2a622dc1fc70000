package probe_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/etcdlint/etcdlint/internal/cli"
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
// list, serves Status, and stops once a peer tells it it was removed:
// measured with 3.5.20 on one host, within about 100 ms of starting (a
// peer answers its first raft message with 410 Gone), too short to probe
// reliably. TestRemovedMemberStopsItself checks that self-stop and that
// any probe in the window names only the removed member.
//
// To hold a removed member open, TestRemovedMemberCutOff cuts it off
// its peers in user space: every member advertises the URL of an
// etcdtest.PeerProxy in front of its peer listener, so the others reach
// it only through that proxy. The cut member's proxy refuses everything
// and the others' proxies refuse requests whose X-Server-From header
// names it, while its client URL stays reachable. Removed through the
// others, it runs on as a zombie with its stale member list until the
// cut heals, then stops itself.
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
		for _, f := range findings(rep, "EO0074") {
			if f.Location.Endpoint != p2.ClientURL {
				t.Errorf("EO0074 names %s, want %s: %s", f.Location.Endpoint, p2.ClientURL, f.Message)
			}
		}
		noRule(t, rep, "EO0070")
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

// proxiedSpecs is specs with every member behind its own peer proxy:
// each member advertises its proxy's URL, and the initial cluster names
// the proxies.
func proxiedSpecs(t *testing.T, bin string, n int) ([]etcdtest.ProcSpec, []*etcdtest.PeerProxy) {
	t.Helper()
	sp := specs(t, bin, n)
	var proxies []*etcdtest.PeerProxy
	var initial []string
	for i := range sp {
		px := etcdtest.StartPeerProxy(t, fmt.Sprintf("http://127.0.0.1:%d", sp[i].PeerPort))
		proxies = append(proxies, px)
		sp[i].AdvertisePeerURL = px.URL
		initial = append(initial, sp[i].Name+"="+px.URL)
	}
	for i := range sp {
		sp[i].InitialCluster = strings.Join(initial, ",")
	}
	return sp, proxies
}

// memberCount returns the number of members in a member's own
// (serializable) member list.
func memberCount(ctx context.Context, c *clientv3.Client) (int, error) {
	ml, err := c.MemberList(ctx, clientv3.WithSerializable())
	if err != nil {
		return 0, err
	}
	return len(ml.Members), nil
}

// waitFor polls cond until it returns nil or the deadline passes, and
// fails the test with cond's last error then.
func waitFor(t *testing.T, d time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s: %v", what, d, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// A member cut off its peers, removed through the others and left
// running: a zombie that still answers on its client URL with its stale
// member list. The probe names it as removed (EO0074) and fails; once
// the cut heals, a peer tells it it was removed and it stops itself.
// Real etcd 3.5.20 before the hop to 3.6, and 3.6.16 before 3.7.
func TestRemovedMemberCutOff(t *testing.T) {
	oldBinaries(t)
	for _, tc := range []struct{ version, target string }{{old35, "3.6"}, {new36, "3.7"}} {
		t.Run(tc.version, func(t *testing.T) { removedCutOff(t, tc.version, tc.target) })
	}
}

func removedCutOff(t *testing.T, version, target string) {
	bin := etcdtest.Binary(t, version)
	sp, proxies := proxiedSpecs(t, bin, 3)
	var procs []*etcdtest.Proc
	for _, s := range sp {
		procs = append(procs, etcdtest.StartProc(t, s))
	}
	etcdtest.WaitReady(t, procs...)
	p0, p1, p2 := procs[0], procs[1], procs[2]
	c0 := client(t, []string{p0.ClientURL}, "", "")
	c1 := client(t, []string{p1.ClientURL}, "", "")
	c2 := client(t, []string{p2.ClientURL}, "", "")
	ctx := etcdtest.Context(t, 5*time.Minute)
	call := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 5*time.Second) }

	ml, err := c0.MemberList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id2 uint64
	for _, m := range ml.Members {
		if m.Name == "p2" {
			id2 = m.ID
		}
	}
	if id2 == 0 || len(ml.Members) != 3 {
		t.Fatalf("member list = %v, want p0, p1, p2", ml.Members)
	}
	// Healthy behind the proxies: no membership finding.
	eps := []string{p0.ClientURL, p1.ClientURL, p2.ClientURL}
	rep := run(t, probe.Options{Endpoints: eps, Target: target})
	noRule(t, rep, "EO0070", "EO0074")

	// The cut: nothing reaches p2 over the peer network, nothing from p2
	// reaches p0 or p1.
	proxies[2].Isolate()
	proxies[0].DropFrom(id2)
	proxies[1].DropFrom(id2)
	cut := time.Now()
	// p2 keeps trying: the cut is refusing its raft traffic.
	waitFor(t, 2*time.Minute, "p0's proxy refuses p2's requests", func() error {
		if proxies[0].Refused() == 0 || proxies[1].Refused() == 0 {
			return fmt.Errorf("refused %d and %d", proxies[0].Refused(), proxies[1].Refused())
		}
		return nil
	})
	// p0 and p1 have a leader of their own (p2 may have led before).
	waitFor(t, 2*time.Minute, "p0 and p1 elect a leader without p2", func() error {
		for _, c := range []*clientv3.Client{c0, c1} {
			cctx, cancel := call()
			st, err := c.Status(cctx, c.Endpoints()[0])
			cancel()
			if err != nil {
				return err
			}
			if st.Leader == 0 || st.Leader == id2 {
				return fmt.Errorf("%s: leader %x", c.Endpoints()[0], st.Leader)
			}
		}
		return nil
	})
	waitFor(t, 2*time.Minute, "member remove p2 through p0", func() error {
		cctx, cancel := call()
		defer cancel()
		_, err := c0.MemberRemove(cctx, id2)
		if err != nil && strings.Contains(err.Error(), "member not found") {
			return nil // an earlier attempt went through after its deadline
		}
		return err
	})
	waitFor(t, 2*time.Minute, "p0 and p1 list two members, p2 still three", func() error {
		for _, c := range []*clientv3.Client{c0, c1} {
			cctx, cancel := call()
			n, err := memberCount(cctx, c)
			cancel()
			if err != nil || n != 2 {
				return fmt.Errorf("%s lists %d members (err %v)", c.Endpoints()[0], n, err)
			}
		}
		select {
		case <-p2.Exited():
			t.Fatalf("p2 exited while cut off: %s", p2.Log)
		default:
		}
		cctx, cancel := call()
		defer cancel()
		if _, err := c2.Status(cctx, p2.ClientURL); err != nil {
			return fmt.Errorf("p2 status: %w", err)
		}
		if n, err := memberCount(cctx, c2); err != nil || n != 3 {
			return fmt.Errorf("p2 lists %d members (err %v)", n, err)
		}
		return nil
	})

	// The zombie: p2 answers, is named as removed, and nothing else is.
	removed := time.Now()
	// Generous: the zombie's /health waits for a leader it cannot have.
	rep = run(t, probe.Options{Endpoints: eps, Target: target, Timeout: 20 * time.Second})
	t.Logf("probe of the zombie took %s", time.Since(removed).Round(time.Millisecond))
	f := wantRule(t, rep, "EO0074", "answers but was removed from cluster")
	if f.Location.Endpoint != p2.ClientURL || f.Severity.String() != "error" {
		t.Errorf("EO0074 finding = %+v", f)
	}
	if !strings.Contains(f.Message, "stop it before the upgrade") || !strings.Contains(f.Message, "it still lists p0 (") {
		t.Errorf("EO0074 message = %q", f.Message)
	}
	if n := len(findings(rep, "EO0074")); n != 1 {
		t.Errorf("%d EO0074 findings, want 1:\n%s", n, dump(rep))
	}
	noRule(t, rep, "EO0070")
	if target == "3.6" {
		wantRule(t, rep, "EO3671", "was removed from cluster") // the 3.5 to 3.6 hop's zombie rule
	}
	if got := fact(rep, "cluster", "member_lists_agree"); got != "false" {
		t.Errorf("member_lists_agree = %q, want false", got)
	}
	// The command fails on it (exit 1: findings at error).
	var stdout, stderr bytes.Buffer
	code := cli.Main(ctx, &cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: t.TempDir()},
		[]string{"probe", "--endpoints", strings.Join(eps, ","), "--target", target, "--timeout", "20s"})
	if code != 1 || !strings.Contains(stdout.String(), "EO0074") {
		t.Errorf("etcdlint probe exit %d, want 1 with EO0074:\n%s\n%s", code, stdout.String(), stderr.String())
	}

	// Healing the cut: a peer answers p2's raft traffic with 410 Gone and
	// p2 stops itself.
	t.Logf("p2 cut off for %s, removed for %s, still running", time.Since(cut).Round(time.Millisecond), time.Since(removed).Round(time.Millisecond))
	for _, px := range proxies {
		px.Heal()
	}
	healed := time.Now()
	select {
	case <-p2.Exited():
		t.Logf("p2 stopped %s after the cut healed", time.Since(healed).Round(time.Millisecond))
	case <-time.After(2 * time.Minute):
		t.Fatalf("p2 still runs 2m after the cut healed: %s", p2.Log)
	}
	b, err := os.ReadFile(p2.Log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "the member has been permanently removed from the cluster") {
		t.Errorf("p2 exited without the removal message:\n%s", b)
	}
	rep = run(t, probe.Options{Endpoints: eps, Target: target, Timeout: 3 * time.Second})
	noRule(t, rep, "EO0070", "EO0074")
	wantRule(t, rep, "EO0003", "could not be read")
}
