package configcheck_test

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/features"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/rules"
)

// TestCovered checks Covered against the catalog in both directions:
// every ID it returns is a rule claiming the config detector, and every
// rule claiming the config detector is covered.
func TestCovered(t *testing.T) {
	cat := loadCatalog(t)
	covered := configcheck.Covered()
	for _, id := range covered {
		r := cat.Rule(id)
		if r == nil {
			t.Errorf("Covered lists %s, which is not in the catalog", id)
			continue
		}
		if !r.HasDetector(rules.DetectConfig) {
			t.Errorf("Covered lists %s, whose detectors %v lack config", id, r.Detectors)
		}
	}
	for _, r := range cat.Rules() {
		if r.HasDetector(rules.DetectConfig) && !slices.Contains(covered, r.ID) {
			t.Errorf("rule %s claims the config detector but Covered does not list it", r.ID)
		}
	}
}

// TestServerItemsHaveRules checks every server configuration research
// item has a rule with the config detector.
func TestServerItemsHaveRules(t *testing.T) {
	cat := loadCatalog(t)
	refs := map[string]bool{}
	for _, r := range cat.Rules() {
		if strings.HasPrefix(r.ID, "ES") && r.HasDetector(rules.DetectConfig) {
			refs[r.Ref] = true
		}
	}
	for _, ref := range []string{
		"ETCDXX-CFG-SURFACE-SEMANTICS", "ETCD21-FLAG-CA-FILE-DEPRECATED", "ETCD30-FLAG-V04-COMPAT-FLAGS-REMOVED",
		"ETCD30-FLAG-EXPERIMENTAL-V3-FLAGS", "ETCD30-DEFAULT-LEGACY-PORTS-DROPPED", "ETCD31-DEFAULT-STRICT-RECONFIG-CHECK",
		"ETCD31-TLS-SRV-SAN-ROOT-DOMAIN", "ETCD31-BEHAVIOR-DEFAULT-HOST-ADVERTISE", "ETCD32-DEFAULT-SNAPSHOT-COUNT-100000",
		"ETCD32-SERVER-MAX-REQUEST-BYTES", "ETCD32-VALIDATION-LISTEN-URL-HOSTNAME", "ETCD32-TLS-PEER-SAN-ENFORCED",
		"ETCD32-BEHAVIOR-HOURLY-COMPACTION", "ETCD32-FLAG-PATCH-TRAP-ELECTION-TICK", "ETCD33-CONFIG-AUTO-COMPACTION-RETENTION-STRING",
		"ETCD33-VALIDATION-INITIAL-CLUSTER-RESOLVE", "ETCD33-AUTH-PASSWORD-OVER-CN", "ETCD33-FLAG-PATCH-TRAPS",
		"ETCD34-DEFAULT-ENABLE-V2-FALSE", "ETCD34-FLAG-CA-FILE-REMOVED", "ETCD34-FLAG-LOG-OUTPUT-RENAMED",
		"ETCD34-FLAG-LOGGER-INTRODUCED", "ETCD34-FLAG-DEBUG-DEPRECATED", "ETCD34-VALIDATION-EMPTY-ADVERTISE-HOST",
		"ETCD34-VALIDATION-SHADOWED-ENV", "ETCD34-FLAG-PATCH-TRAP-AUTH-TOKEN-TTL", "ETCD34-BEHAVIOR-COMPACTION-BATCH",
		"ETCD35-FLAG-LOGGING-FLAGS-REMOVED", "ETCD35-FLAG-LOGGER-CAPNSLOG-REMOVED", "ETCD35-DEFAULT-LOG-OUTPUT-STDERR",
		"ETCD35-FLAG-FREELIST-RENAMED", "ETCD35-DEFAULT-PRE-VOTE", "ETCD35-DEFAULT-CONFIGFILE-GRPC-GATEWAY",
		"ETCD35-V2-DEPRECATION-STAGE", "ETCD35-FLAG-PATCH-TRAPS", "ETCD36-FLAG-V2-PROXY-REMOVED",
		"ETCD36-FLAG-V2-DEPRECATION-VALUES", "ETCD36-DEFAULT-SNAPSHOT-COUNT-10000", "ETCD36-DEFAULT-DISCOVERY-FALLBACK-EXIT",
		"ETCD36-FLAG-EXPERIMENTAL-GRADUATED", "ETCD36-FLAG-EXPERIMENTAL-TO-FEATURE-GATES", "ETCD36-FLAG-MAX-SNAPSHOTS-DEPRECATED",
		"ETCD36-LEASE-CHECKPOINT-PERSIST", "ETCD37-FLAG-EXPERIMENTAL-REMOVED", "ETCD37-FLAG-V2-DISCOVERY-REMOVED",
		"ETCD37-V2-DEPRECATION-FORCED", "ETCD37-DEFAULT-FASTLEASEKEEPALIVE", "ETCD38-PLANNED-REMOVALS",
	} {
		if !refs[ref] {
			t.Errorf("no config rule for research item %s", ref)
		}
	}
}

// TestLinkedFlagSetMatchesCatalog compares the catalog's flag table for
// the linked version with the real flag set of
// go.etcd.io/etcd/server/v3/embed (NewConfig + AddFlags on a fresh
// FlagSet, plus etcdmain's own flags).
func TestLinkedFlagSetMatchesCatalog(t *testing.T) {
	cat := loadCatalog(t)
	linked := rules.MustParseVersion("3.7.3")
	real := map[string]bool{}
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	embed.NewConfig().AddFlags(fs)
	fs.VisitAll(func(f *flag.Flag) { real[f.Name] = true })
	if !real["feature-gates"] {
		t.Fatal("AddFlags did not register --feature-gates")
	}
	for _, n := range []string{"config-file", "discovery-fallback", "initial-cluster-state", "v2-deprecation", "version"} {
		real[n] = true
	}
	fromCatalog := map[string]bool{}
	for _, f := range cat.Flags() {
		if !f.Ignored && f.In(linked) {
			fromCatalog[f.Name] = true
		}
	}
	for n := range real {
		if !fromCatalog[n] {
			t.Errorf("etcd 3.7.3 accepts --%s but the flag table does not list it for 3.7.3", n)
		}
	}
	for n := range fromCatalog {
		if !real[n] {
			t.Errorf("the flag table lists --%s for 3.7.3 but etcd 3.7.3 does not accept it", n)
		}
	}
	// Bool flags must be typed bool in the table (they take no argument).
	fs.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		isBool := ok && b.IsBoolFlag()
		for _, row := range cat.Flags() {
			if row.Name == f.Name && (row.Type == "bool") != isBool {
				t.Errorf("--%s: table type %q, etcd bool=%v", f.Name, row.Type, isBool)
			}
		}
	})
	// The gate names derived from the experimental flags are gates etcd
	// registers, and etcd registers no other gate the checker does not know
	// (the flag-derived six, SetMemberLocalAddr, and 3.7's two new ones).
	realGates := map[string]bool{}
	for g := range features.DefaultEtcdServerFeatureGates {
		realGates[string(g)] = true
	}
	derived := map[string]bool{}
	for _, row := range cat.Flags() {
		if g := row.FeatureGate(); g != "" {
			derived[g] = true
			if !realGates[g] {
				t.Errorf("--%s: derived feature gate %q is not a gate of etcd 3.7.3", row.Name, g)
			}
		}
	}
	if len(derived) != 6 {
		t.Errorf("the flag table derives %d feature gates, want the 6 of etcd 3.6", len(derived))
	}
	for g := range realGates {
		if !derived[g] && g != "SetMemberLocalAddr" && g != "FastLeaseKeepAlive" && g != "PriorityRequest" {
			t.Errorf("etcd 3.7.3 registers feature gate %s, which the checker does not know", g)
		}
	}
}

// TestFlagTableVersions spot-checks the table against Appendix-style facts.
func TestFlagTableVersions(t *testing.T) {
	cat := loadCatalog(t)
	rows := map[string]rules.Flag{}
	for _, f := range cat.Flags() {
		rows[f.Name] = f
	}
	for _, tc := range []struct {
		flag, version string
		want          bool
	}{
		{"ca-file", "3.3.27", true}, {"ca-file", "3.4.0", false},
		{"initial-election-tick-advance", "3.1.13", false}, {"initial-election-tick-advance", "3.1.14", true},
		{"initial-election-tick-advance", "3.2.18", false}, {"initial-election-tick-advance", "3.2.19", true},
		{"initial-election-tick-advance", "3.3.3", false}, {"initial-election-tick-advance", "3.3.4", true},
		{"max-concurrent-streams", "3.5.4", false}, {"max-concurrent-streams", "3.5.5", true},
		{"next-cluster-version-compatible", "3.4.31", true}, {"next-cluster-version-compatible", "3.5.35", false},
		{"experimental-compaction-batch-limit", "3.6.16", true}, {"experimental-compaction-batch-limit", "3.7.0", false},
		{"compaction-batch-limit", "3.5.35", false}, {"compaction-batch-limit", "3.6.0", true},
		{"enable-v2", "3.5.35", true}, {"enable-v2", "3.6.0", false},
		{"discovery", "3.6.16", true}, {"discovery", "3.7.0", false},
		{"snapshot-count", "3.8.0-alpha.0", true},
		{"addr", "2.3.8", true}, {"addr", "3.0.0", false},
	} {
		f, ok := rows[tc.flag]
		if !ok {
			t.Errorf("no row for %s", tc.flag)
			continue
		}
		if got := f.In(rules.MustParseVersion(tc.version)); got != tc.want {
			t.Errorf("--%s in %s = %v, want %v", tc.flag, tc.version, got, tc.want)
		}
	}
}
