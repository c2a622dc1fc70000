package typechanges_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestTypeChanges(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "typechanges", analyzers.Config{})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}
