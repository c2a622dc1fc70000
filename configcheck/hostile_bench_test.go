package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
)

// BenchmarkUnknownNames checks that parsing and the did-you-mean search
// stay linear: a file just under the 4 MiB cap full of unknown ETCD_*
// variables, and one full of unknown YAML keys. It reports ns/op and the
// most memory the Go runtime held from the OS during a run (peak-MB,
// sampled every millisecond: heap, stacks and runtime structures, what
// RSS is made of past the binary), to compare with the budget of 2 s and
// 200 MB per file.
func BenchmarkUnknownNames(b *testing.B) {
	cat := loadCatalog(b)
	for _, tc := range []struct {
		name, file string
		head, tail string
		line       func(i int) string
	}{
		{"env", "etcd.env", "", "", func(i int) string { return fmt.Sprintf("ETCD_UNKNOWN_%06d=1\n", i) }},
		{"yaml", "etcd.conf.yml", "", "", func(i int) string { return fmt.Sprintf("unknown-key-%06d: 1\n", i) }},
		{"yaml-section", "etcd.conf.yml", "name: m0\nclient-transport-security:\n", "", func(i int) string { return fmt.Sprintf("  unknown-%06d: 1\n", i) }},
		{"yaml-flow", "etcd.conf.yml", "{name: m0", "}\n", func(i int) string { return fmt.Sprintf(",\n  unknown-%06d: 1", i) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var sb strings.Builder
			sb.WriteString(tc.head)
			n := 0
			for sb.Len() < configcheck.MaxFileSize-64 {
				sb.WriteString(tc.line(n))
				n++
			}
			sb.WriteString(tc.tail)
			p := filepath.Join(b.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n), "names")
			opts := configcheck.Options{Paths: []string{p}, From: "3.5", Target: "3.7.3", Catalog: cat}
			var peak uint64
			for b.Loop() {
				// Each run starts from a collected heap, as a process does.
				runtime.GC()
				debug.FreeOSMemory()
				stop := sampleHeld(&peak)
				res, err := configcheck.Run(context.Background(), opts)
				stop()
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Report.Findings) == 0 {
					b.Fatal("no findings for the unknown names")
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// sampleHeld records in *peak the most memory the runtime holds from
// the OS (mapped and not released) until the returned stop is called.
func sampleHeld(peak *uint64) (stop func()) {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() {
		metrics.Read(samples)
		*peak = max(*peak, samples[0].Value.Uint64()-samples[1].Value.Uint64())
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		read()
	}
}
