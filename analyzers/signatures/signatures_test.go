package signatures_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestSignatures(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "signatures", analyzers.Config{})
	analysistest.RunWithSuggestedFixes(t, dir, a, testutil.Cases(t, "testdata")...)
}
