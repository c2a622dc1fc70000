package analyzers_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
	"github.com/etcdlint/etcdlint/rules"
)

func TestValidate(t *testing.T) {
	if err := analysis.Validate(analyzers.NewSuite(analyzers.Config{})); err != nil {
		t.Fatal(err)
	}
}

// TestFresh checks that every NewSuite call returns new analyzers whose
// flags are independent.
func TestFresh(t *testing.T) {
	a, b := analyzers.NewSuite(analyzers.Config{Target: "3.5"}), analyzers.NewSuite(analyzers.Config{})
	if len(a) != len(b) {
		t.Fatalf("suites differ in length: %d, %d", len(a), len(b))
	}
	for i := range a {
		if a[i] == b[i] {
			t.Errorf("analyzer %s is shared between suites", a[i].Name)
		}
	}
	if got := a[0].Flags.Lookup("target").Value.String(); got != "3.5" {
		t.Errorf("first suite -target = %q, want 3.5", got)
	}
	if got := b[0].Flags.Lookup("target").Value.String(); got != "" {
		t.Errorf("second suite -target = %q, want empty", got)
	}
}

// TestCovered checks that Covered is exactly the catalog rules whose
// detectors include "code".
func TestCovered(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range cat.Rules() {
		if r.HasDetector(rules.DetectCode) {
			want = append(want, r.ID)
		}
	}
	got := analyzers.Covered()
	for _, id := range got {
		if !slices.Contains(want, id) {
			t.Errorf("Covered() has %s, which the catalog does not give the code detector", id)
		}
	}
	// The trial type-check of `etcdlint code` (internal/codecheck), not an
	// analyzer, reports these; internal/cli's coverage test checks them.
	trial := []string{"EC0080", "EC0081", "EC0082"}
	for _, id := range want {
		if !slices.Contains(got, id) && !slices.Contains(trial, id) {
			t.Errorf("catalog rule %s claims the code detector, but no analyzer reports it", id)
		}
	}
}

// TestMetadata checks every analyzer's Doc and URL, and that every rule an
// analyzer reports is in the catalog with the fields the docs need.
func TestMetadata(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range analyzers.NewSuite(analyzers.Config{}) {
		title, body, ok := strings.Cut(a.Doc, "\n\n")
		switch {
		case !ok || strings.TrimSpace(body) == "":
			t.Errorf("%s: Doc has no body after the title", a.Name)
		case len(title) > 60:
			t.Errorf("%s: Doc title %q is longer than 60 characters", a.Name, title)
		case strings.HasSuffix(title, ".") || unicode.IsUpper(rune(title[0])):
			t.Errorf("%s: Doc title %q must be lowercase without a period", a.Name, title)
		}
		if !strings.HasPrefix(a.URL, rules.DocsURL) {
			t.Errorf("%s: URL %q is not in the rule docs", a.Name, a.URL)
		}
	}
	for _, id := range analyzers.Covered() {
		r := cat.Rule(id)
		if r == nil {
			t.Errorf("%s: not in the catalog", id)
			continue
		}
		if !r.HasSurface(rules.ClientAPI) && !r.HasSurface(rules.EmbedAPI) {
			t.Errorf("%s: a code rule must have surface client-go-api or embed-go-api", id)
		}
	}
}

// TestEveryRuleTested runs every rule analyzer over its test data (under
// the default versions, -from 3.4 and -from 3.6) and checks each rule it
// claims shows up in at least one finding.
func TestEveryRuleTested(t *testing.T) {
	suite := analyzers.NewSuite(analyzers.Config{})
	families := analyzers.Families()
	ruleAnalyzers := suite[2 : len(suite)-1]
	if len(ruleAnalyzers) != len(families) {
		t.Fatalf("%d rule analyzers, %d families", len(ruleAnalyzers), len(families))
	}
	configs := []analyzers.Config{{}, {From: "3.4"}, {From: "3.6"}, {Target: "3.2"}, {Target: "3.4.20"}, {Target: "3.5.5"}, {Target: "3.6"}}
	for i, a := range ruleAnalyzers {
		testdata := filepath.Join(a.Name, "testdata")
		var roots []*analysis.Analyzer
		for _, cfg := range configs {
			roots = append(roots, testutil.Analyzer(t, a.Name, cfg))
		}
		seen := map[string]bool{}
		analyze := func(cfg *packages.Config, patterns ...string) {
			cfg.Mode = packages.LoadSyntax | packages.NeedModule
			pkgs, err := packages.Load(cfg, patterns...)
			if err != nil {
				t.Fatalf("%s: loading test data: %v", a.Name, err)
			}
			graph, err := checker.Analyze(roots, pkgs, nil)
			if err != nil {
				t.Fatalf("%s: %v", a.Name, err)
			}
			for act := range graph.All() {
				if act.IsRoot {
					for _, d := range act.Diagnostics {
						seen[d.Category] = true
					}
				}
			}
		}
		if _, err := os.Stat(filepath.Join(testdata, "src")); err == nil {
			dir := testutil.GOPATH(t, testdata)
			analyze(&packages.Config{Dir: dir, Env: append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off")},
				testutil.Cases(t, testdata)...)
		}
		mods, _ := filepath.Glob(filepath.Join(testdata, "*", "go.mod"))
		for _, m := range mods {
			analyze(&packages.Config{Dir: filepath.Dir(m), Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")}, "./...")
		}
		if len(seen) == 0 {
			t.Errorf("%s: no test data produced a finding", a.Name)
		}
		for _, id := range families[i] {
			if !seen[id] {
				t.Errorf("%s: no test case reports %s", a.Name, id)
			}
		}
	}
	// EC0001 is tested by the directive package.
	if _, err := os.Stat(filepath.Join("directive", "testdata")); err != nil {
		t.Errorf("directive: no test data: %v", err)
	}
}

// TestNoEtcdDependency checks that no package under analyzers/ depends on
// an etcd module: the analyzers recognise etcd APIs by path and name, so a
// vet tool or linter plugin never drags an etcd version into a build.
func TestNoEtcdDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	n := 0
	for _, p := range strings.Fields(string(out)) {
		n++
		if strings.HasPrefix(p, "go.etcd.io/") || p == "github.com/coreos/etcd" || strings.HasPrefix(p, "github.com/coreos/etcd/") {
			t.Errorf("analyzers depend on %s", p)
		}
	}
	if n < 50 {
		t.Errorf("go list -deps listed only %d packages", n)
	}
}
