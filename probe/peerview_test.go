package probe_test

import (
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
)

// A member that is killed is reported from the members' view (their
// etcd_network_active_peers gauges), even though a listener left on its
// peer port would make a dial from the probe host succeed.
func TestDeadPeerFromMembersView(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	rep := run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.7"})
	noRule(t, rep, "EO0070")
	if got := fact(rep, "cluster", "peer_liveness_method"); got != "members_metrics" {
		t.Errorf("peer_liveness_method = %q, want members_metrics", got)
	}

	dead := c.Members[2]
	dead.Stop()
	// Something still accepts connections on the dead member's peer port.
	pu, err := url.Parse(dead.PeerURL)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", pu.Host)
	if err != nil {
		t.Fatalf("listening on the dead member's peer port: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	if conn, err := net.DialTimeout("tcp", pu.Host, time.Second); err != nil {
		t.Fatalf("the peer port should accept connections: %v", err)
	} else {
		conn.Close()
	}

	// The survivors notice the lost stream within their peer timeouts:
	// wait for the condition, not for a fixed time.
	eps := c.Endpoints()[:2]
	var got []report.Finding
	deadline := time.Now().Add(time.Minute)
	for {
		rep = run(t, probe.Options{Endpoints: eps, Target: "3.7", Timeout: 5 * time.Second})
		got = findings(rep, "EO0070")
		if len(got) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(got) != 1 {
		t.Fatalf("%d EO0070 findings, want 1:\n%s", len(got), dump(rep))
	}
	if !strings.Contains(got[0].Message, "no member that answers has an active raft stream to it") || !strings.Contains(got[0].Message, dead.Name) {
		t.Errorf("EO0070 message = %q", got[0].Message)
	}
	if got := fact(rep, "cluster", "peer_liveness_method"); got != "members_metrics" {
		t.Errorf("peer_liveness_method = %q, want members_metrics", got)
	}
}
