package probe_test

import (
	"context"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
)

// BenchmarkProbeThreeMembers probes a healthy three-member cluster on
// loopback (goal: under 100 ms per probe).
func BenchmarkProbeThreeMembers(b *testing.B) {
	c := etcdtest.Start(b, 3, etcdtest.Options{})
	opts := probe.Options{Endpoints: c.Endpoints(), Target: "3.7", Catalog: catalog(b), Timeout: 5 * time.Second}
	ctx := context.Background()
	for b.Loop() {
		rep, err := probe.Run(ctx, opts)
		if err != nil || len(rep.Problems) > 0 {
			b.Fatalf("probe: %v %v", err, rep.Problems)
		}
	}
}

// BenchmarkProbeSilentMember probes a member and an endpoint that accepts
// connections and never answers, with a 200 ms timeout (goal: one timeout
// per probe, not one per call).
func BenchmarkProbeSilentMember(b *testing.B) {
	c := etcdtest.Start(b, 1, etcdtest.Options{})
	hole := etcdtest.Blackhole(b)
	opts := probe.Options{Endpoints: []string{c.Members[0].ClientURL, hole}, Target: "3.7", Catalog: catalog(b), Timeout: 200 * time.Millisecond}
	ctx := context.Background()
	for b.Loop() {
		rep, err := probe.Run(ctx, opts)
		if err != nil || !rep.Unreachable() {
			b.Fatalf("probe: %v, unreachable=%t", err, rep.Unreachable())
		}
	}
}
