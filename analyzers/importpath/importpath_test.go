package importpath_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestImportPath(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "importpath", analyzers.Config{})
	analysistest.RunWithSuggestedFixes(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestGoGetNote checks the note on each move names the module and version
// to go get for the target.
func TestGoGetNote(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	for _, tc := range []struct {
		target, pkg string
		want        []string
	}{
		{"3.4", "v33/a", []string{"run: go get go.etcd.io/etcd@release-3.4"}},
		{"3.7", "v34/b", []string{"run: go get go.etcd.io/etcd/client/v3@v3.7.", "run: go get go.etcd.io/etcd/client/pkg/v3@v3.7.", "run: go get go.etcd.io/raft/v3@v3.7.0"}},
		{"3.5", "v33/a", []string{"run: go get go.etcd.io/etcd/client/v2@v2.305.35", "run: go get go.etcd.io/etcd/client/v3@v3.5."}},
	} {
		a := testutil.Analyzer(t, "importpath", analyzers.Config{Target: tc.target})
		var notes []string
		for _, r := range analysistest.Run(testutil.Quiet(t), dir, a, tc.pkg) {
			for _, d := range r.Diagnostics {
				if _, note, _ := analyzers.Split(d); note != "" {
					notes = append(notes, note)
				}
			}
		}
		all := strings.Join(notes, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("target %s, %s: notes %q lack %q", tc.target, tc.pkg, notes, w)
			}
		}
	}
}
