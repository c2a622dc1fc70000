package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
)

// BenchmarkUnknownNames checks that parsing and the did-you-mean search
// stay linear: a file just under the 4 MiB cap full of unknown ETCD_*
// variables, and one full of unknown YAML keys. It reports ns/op and the
// heap in use after the run (peak-MB), to compare with the budget of
// 2 s and 200 MB per file.
func BenchmarkUnknownNames(b *testing.B) {
	cat := loadCatalog(b)
	for _, tc := range []struct {
		name, file string
		line       func(i int) string
	}{
		{"env", "etcd.env", func(i int) string { return fmt.Sprintf("ETCD_UNKNOWN_%06d=1\n", i) }},
		{"yaml", "etcd.conf.yml", func(i int) string { return fmt.Sprintf("unknown-key-%06d: 1\n", i) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var sb strings.Builder
			n := 0
			for sb.Len() < configcheck.MaxFileSize-64 {
				sb.WriteString(tc.line(n))
				n++
			}
			p := filepath.Join(b.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n), "names")
			opts := configcheck.Options{Paths: []string{p}, From: "3.5", Target: "3.7.3", Catalog: cat}
			var peak uint64
			for b.Loop() {
				res, err := configcheck.Run(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				if len(res.Report.Findings) == 0 {
					b.Fatal("no findings for the unknown names")
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
