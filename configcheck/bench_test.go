package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
)

// generateCorpus writes n configurations of every kind into dir.
func generateCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	for i := range n {
		var name, body string
		ip := fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256)
		switch i % 6 {
		case 0:
			name = fmt.Sprintf("m%04d.conf.yml", i)
			body = fmt.Sprintf("# member %d\nname: m%d\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://%s:2379\nadvertise-client-urls: http://%s:2379\nlisten-peer-urls: http://%s:2380\ninitial-advertise-peer-urls: http://%s:2380\ninitial-cluster: m%d=http://%s:2380\nexperimental-compaction-batch-limit: 1000\nenable-v2: true\nlog-outputs: [stderr]\nclient-transport-security:\n  cert-file: /c.pem\n  ca-file: /ca.pem\n", i, i, ip, ip, ip, ip, i, ip)
		case 1:
			name = fmt.Sprintf("m%04d.env", i)
			body = fmt.Sprintf("ETCD_NAME=m%d\nETCD_DATA_DIR=/var/lib/etcd\nETCD_LISTEN_CLIENT_URLS=http://%s:2379\nETCD_ADVERTISE_CLIENT_URLS=http://%s:2379\nETCD_EXPERIMENTAL_INITIAL_CORRUPT_CHECK=true\nETCD_SNAPSHOT_COUNT=10000\n", i, ip, ip)
		case 2:
			name = fmt.Sprintf("m%04d.service", i)
			body = fmt.Sprintf("[Unit]\nDescription=etcd\n[Service]\nEnvironment=ETCD_NAME=m%d\nExecStart=/usr/bin/etcd \\\n  --data-dir /var/lib/etcd \\\n  --listen-client-urls http://%s:2379 \\\n  --advertise-client-urls http://%s:2379 \\\n  --debug --log-output stderr\n[Install]\nWantedBy=multi-user.target\n", i, ip, ip)
		case 3:
			name = fmt.Sprintf("m%04d.args", i)
			body = fmt.Sprintf("exec etcd --name m%d --data-dir=/data --listen-peer-urls=http://%s:2380 --proxy=off --pre-vote\n", i, ip)
		case 4:
			name = fmt.Sprintf("m%04d.yaml", i)
			body = fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-%d\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.15-0\n    command:\n    - etcd\n    - --name=m%d\n    - --listen-client-urls=https://%s:2379\n    - --advertise-client-urls=https://%s:2379\n    - --experimental-watch-progress-notify-interval=5s\n", i, i, ip, ip)
		case 5:
			name = fmt.Sprintf("m%04d.compose.yml", i)
			body = fmt.Sprintf("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.0\n    command: [etcd, --name=m%d, --listen-client-urls=http://0.0.0.0:2379, --advertise-client-urls=http://%s:2379]\n    environment:\n      ETCD_ENABLE_V2: \"true\"\n", i, ip)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun checks 1,000 generated configurations of all kinds per
// op and reports files/s and the peak heap.
func BenchmarkRun(b *testing.B) {
	const files = 1000
	dir := b.TempDir()
	generateCorpus(b, dir, files)
	cat := loadCatalog(b)
	opts := configcheck.Options{Paths: []string{dir}, From: "3.4", Target: "3.7.3", Catalog: cat}
	// Warm up the linked flag set once.
	if _, err := configcheck.Run(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapAlloc)
				mu.Unlock()
			}
		}
	}()
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		res, err := configcheck.Run(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Report.Inputs) != files {
			b.Fatalf("%d inputs, want %d", len(res.Report.Inputs), files)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(files*b.N)/elapsed.Seconds(), "files/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
