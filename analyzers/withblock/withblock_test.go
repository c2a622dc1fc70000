package withblock_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestWithBlock(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "withblock", analyzers.Config{})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestTarget36 checks that before 3.7 the advice is to add grpc.WithBlock
// and that grpc.WithBlock is not reported.
func TestTarget36(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "withblock", analyzers.Config{Target: "3.6"})
	var msgs []string
	for _, r := range analysistest.Run(testutil.Quiet(t), dir, a, "v33/a") {
		for _, d := range r.Diagnostics {
			msgs = append(msgs, d.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "add grpc.WithBlock() to DialOptions") {
		t.Errorf("target 3.6: got %q, want one finding advising grpc.WithBlock", msgs)
	}
}
