package configcheck

import (
	"os"
	"runtime"
	"testing"
)

func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

func TestZZProbe(t *testing.T) {
	data, _ := os.ReadFile("/tmp/h9/etcd.conf.yml")
	t.Logf("data %.1f", heapMB())
	docs, err := parseYAMLDocs(data)
	t.Logf("tree %.1f err=%v", heapMB(), err)
	runtime.KeepAlive(docs)
}
