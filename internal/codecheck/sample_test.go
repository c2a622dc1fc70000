package codecheck_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/rules"
)

// sampleDir is the sample client the README's first command runs on: a
// program written against github.com/coreos/etcd v3.1.20 (real module,
// real dependency pins).
const sampleDir = "../../testdata/sample/client"

// TestSampleClient checks that `etcdlint code` (default target: the newest
// stable etcd) reports each break the sample was written to show, on the
// line that shows it. Rules are named by their research reference and
// lines by the code on them, so the test does not depend on rule numbering
// or line numbers.
func TestSampleClient(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	target := cat.LatestStable().String()
	res := run(t, codecheck.Options{Dir: copyTree(t, sampleDir), Target: target, Catalog: cat})
	rep := res.Report
	if len(rep.Problems) != 0 {
		t.Errorf("problems: %q", problemKeys(rep))
	}
	if rep.From != "3.1.20" || rep.FromSource != "go.mod" {
		t.Errorf("from %s (%s), want 3.1.20 (go.mod)", rep.From, rep.FromSource)
	}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Name != "example.com/inventory" {
		t.Errorf("inputs %+v, want the package example.com/inventory", rep.Inputs)
	}
	src := readFile(t, filepath.Join(sampleDir, "main.go"))
	got := map[string]bool{}
	for _, k := range findingKeys(rep) {
		got[k] = true
	}
	for _, w := range []struct{ ref, code string }{
		{"ETCD32-CLIENT-GRPCLOG-LOGGERV2", "clientv3.SetLogger(log.New("},
		{"ETCD32-CLIENT-DIAL-TIMEOUT-ERROR", "err == grpc.ErrClientConnTimeout"},
		{"ETCD32-CLIENT-NEWFROMCONFIGFILE-MOVED", "clientv3.NewFromConfigFile(configFile)"},
		{"ETCD32-CLIENT-RAW-WRAPPER-SIGNATURES", "clientv3.NewKVFromKVClient("},
		{"ETCD32-CLIENT-LEASE-TTL-NOT-FOUND", "err == rpctypes.ErrLeaseNotFound"},
		{"ETCD34-GO-IMPORT-PATH", `"github.com/coreos/etcd/clientv3"`},
	} {
		id := ruleByRef(t, w.ref)
		i := strings.Index(src, w.code)
		if i < 0 {
			t.Fatalf("sample has no %q", w.code)
		}
		key := fmt.Sprintf("main.go:%d %s", strings.Count(src[:i], "\n")+1, id)
		if !got[key] {
			t.Errorf("no finding %s (%s at %q); findings:\n\t%s", key, w.ref, w.code, strings.Join(findingKeys(rep), "\n\t"))
		}
	}
}

// ruleByRef returns the ID of the code rule made from a research item.
func ruleByRef(t *testing.T, ref string) string {
	t.Helper()
	var ids []string
	for _, r := range loadCatalog(t).Rules() {
		if r.Ref == ref && r.HasDetector("code") {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one code rule with ref %s, have %q", ref, ids)
	}
	return ids[0]
}

// BenchmarkRunSample measures `etcdlint code` on the sample client with a
// warm build cache. bench/code-vs-vet.sh compares it with go vet on a
// large module.
func BenchmarkRunSample(b *testing.B) {
	cat, err := rules.Load()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	opts := codecheck.Options{Dir: sampleDir, Target: cat.LatestStable().String(), Catalog: cat, Tests: true}
	for b.Loop() {
		res, err := codecheck.Run(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Report.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
