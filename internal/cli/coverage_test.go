package cli

import (
	"slices"
	"testing"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/rules"
)

// TestDetectorsCoverCatalog checks both directions between the catalog
// and the detectors: every rule that claims a detector is reported by it,
// and every rule a detector reports claims it.
func TestDetectorsCoverCatalog(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[rules.Detector][]string{
		rules.DetectCode:   append(analyzers.Covered(), codecheck.TrialCovered()...),
		rules.DetectConfig: configcheck.Covered(),
		rules.DetectPlan:   planCovered(cat),
	}
	// The probe reports both live and data-dir rules; the catalog says which.
	for _, id := range probe.Covered() {
		r := cat.Rule(id)
		if r == nil {
			t.Errorf("probe reports unknown rule %s", id)
			continue
		}
		if r.HasDetector(rules.DetectProbe) {
			covered[rules.DetectProbe] = append(covered[rules.DetectProbe], id)
		}
		if r.HasDetector(rules.DetectDataDir) {
			covered[rules.DetectDataDir] = append(covered[rules.DetectDataDir], id)
		}
		if !r.HasDetector(rules.DetectProbe) && !r.HasDetector(rules.DetectDataDir) {
			t.Errorf("probe reports %s, which claims neither the probe nor the datadir detector", id)
		}
	}
	for d, ids := range covered {
		for _, id := range ids {
			r := cat.Rule(id)
			if r == nil {
				t.Errorf("%s detector reports unknown rule %s", d, id)
			} else if !r.HasDetector(d) {
				t.Errorf("%s detector reports %s, but the rule does not claim it", d, id)
			}
		}
	}
	for _, r := range cat.Rules() {
		for _, d := range r.Detectors {
			if !slices.Contains(covered[d], r.ID) {
				t.Errorf("%s claims the %s detector, which does not report it", r.ID, d)
			}
		}
	}
}

// planCovered lists the rules the plan itself enforces: the patch floors,
// one minor at a time and newest patch first.
func planCovered(cat *rules.Catalog) []string {
	ids := []string{"EO0001", "EO0002"}
	for _, f := range cat.Floors() {
		ids = append(ids, f.Rule)
	}
	return ids
}
