package ifacemethods_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
	"github.com/etcdlint/etcdlint/rules"
)

func TestIfaceMethods(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "ifacemethods", analyzers.Config{})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestTarget36 checks the 3.7 additions stay silent for a 3.6 target.
func TestTarget36(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "ifacemethods", analyzers.Config{Target: "3.6"})
	if n := testutil.Count(analysistest.Run(testutil.Quiet(t), dir, a, "v36/mocks")); n != 0 {
		t.Errorf("got %d findings with target 3.6, want 0", n)
	}
}

// TestServerSeverity checks that EC3707 is an info finding at the
// declaration of a server that lacks its Unimplemented embed and keeps the
// rule's error severity at each conversion that stops compiling.
func TestServerSeverity(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "ifacemethods", analyzers.Config{})
	var decls, convs int
	for _, r := range analysistest.Run(t, dir, a, "v36/mocks") {
		for _, d := range r.Diagnostics {
			if d.Category != "EC3707" {
				continue
			}
			sev, own := analyzers.Severity(d)
			switch {
			case strings.Contains(d.Message, " without embedding "):
				decls++
				if !own || sev != rules.Info {
					t.Errorf("declaration finding has severity %v (own %v), want info: %s", sev, own, d.Message)
				}
			case strings.Contains(d.Message, " no longer implements "):
				convs++
				if own {
					t.Errorf("conversion finding has its own severity %v, want the rule's (error): %s", sev, d.Message)
				}
			}
		}
	}
	if decls != 1 || convs < 10 {
		t.Errorf("got %d declaration and %d conversion findings of EC3707, want 1 and at least 10", decls, convs)
	}
}
