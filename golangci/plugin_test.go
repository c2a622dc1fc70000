package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/golangci"
)

// TestRegistered checks that importing the package registers the plugin
// under the name .golangci.yml enables.
func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("New(nil): %v", err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	// One analyzer named after the linter, so golangci-lint does not
	// prefix the issue text with an analyzer name, requiring what the
	// suite requires outside itself.
	if len(as) != 1 || as[0].Name != golangci.Name {
		t.Fatalf("analyzers %v, want one named %s", as, golangci.Name)
	}
	for _, a := range analyzers.NewSuite(analyzers.Config{}) {
		if !strings.Contains(as[0].Doc, a.Name+": ") {
			t.Errorf("the merged analyzer's doc does not list %s", a.Name)
		}
	}
	again, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if again[0] == as[0] {
		t.Error("BuildAnalyzers returned the same analyzer instances twice")
	}
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		wantErr  string
	}{
		{map[string]any{"target": "3.7"}, ""},
		{map[string]any{"target": "3.6.2", "from": "3.5"}, ""},
		{map[string]any{"target": "9.9"}, "newer than this catalog knows"},
		{map[string]any{"target": "three"}, "invalid etcd version"},
		{map[string]any{"from": "x"}, "invalid etcd version"},
		{map[string]any{"from": "1.0"}, "older than"},
		{map[string]any{"taget": "3.7"}, "unknown field"},
	} {
		_, err := golangci.New(tc.settings)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("New(%v): %v", tc.settings, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.wantErr)
		}
	}
}

// TestAnalyzersUseSettings runs the plugin's analyzers, as golangci-lint
// would, on a package using (stubs of) the etcd 3.1 client: the settings'
// from and target decide what is reported.
func TestAnalyzersUseSettings(t *testing.T) {
	// From 3.2.10 the comparison never matches.
	analysistest.Run(t, analysistest.TestData(), grpcErrors(t, map[string]any{"from": "3.1", "target": "3.2"}), "dial")
	// Before, it still does: nothing is reported.
	analysistest.Run(t, analysistest.TestData(), grpcErrors(t, map[string]any{"from": "3.1", "target": "3.1.20"}), "dialnowant")
}

// grpcErrors returns the plugin's (merged) analyzer for settings; the
// test packages only use what grpcerrors reports.
func grpcErrors(t *testing.T, settings any) *analysis.Analyzer {
	t.Helper()
	p, err := golangci.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 {
		t.Fatalf("%d analyzers, want 1", len(as))
	}
	return as[0]
}
