package configcheck_test

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"

	"github.com/etcdlint/etcdlint/rules"
)

// freePort reserves a loopback port by listening on :0.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestEmbeddedEtcdAcceptsValidConfig starts the linked etcd with a
// configuration the checker finds no error in.
func TestEmbeddedEtcdAcceptsValidConfig(t *testing.T) {
	data := t.TempDir()
	cport, pport := freePort(t), freePort(t)
	conf := fmt.Sprintf(`# a single member for the test
name: m1
data-dir: %s
listen-client-urls: http://127.0.0.1:%d
advertise-client-urls: http://127.0.0.1:%d
listen-peer-urls: http://127.0.0.1:%d
initial-advertise-peer-urls: http://127.0.0.1:%d
initial-cluster: m1=http://127.0.0.1:%d
initial-cluster-state: new
snapshot-count: 10000
max-request-bytes: 1572864
log-level: fatal
log-outputs: [stderr]
enable-grpc-gateway: false
feature-gates: FastLeaseKeepAlive=true
compaction-batch-limit: 1000
`, filepath.Join(data, "m1.etcd"), cport, cport, pport, pport, pport)
	res, dir := runFiles(t, map[string]string{"etcd.conf.yml": conf}, []string{"etcd.conf.yml"}, "3.6", "3.7", nil)
	for _, f := range res.Report.Findings {
		if f.Severity == rules.Error {
			t.Fatalf("checker reports an error for a valid config: %s %s", f.Rule, f.Message)
		}
	}
	if len(res.Report.Problems) > 0 {
		t.Fatalf("problems: %+v", res.Report.Problems)
	}
	// The checker found no error, so etcd's own loader is safe to call here.
	cfg, err := embed.ConfigFromFile(filepath.Join(dir, "etcd.conf.yml"))
	if err != nil {
		t.Fatalf("etcd rejects a config the checker accepted: %v", err)
	}
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		t.Fatalf("StartEtcd: %v", err)
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		t.Fatalf("etcd failed: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("etcd not ready within 60s")
	}
}

// TestEmbeddedEtcdRefusesFatalConfig checks configurations the checker
// calls fatal for the linked version are refused by etcd's own loading
// and validation.
func TestEmbeddedEtcdRefusesFatalConfig(t *testing.T) {
	base := "name: m1\ndata-dir: %s\nlog-level: error\n"
	for _, tc := range []struct {
		name, conf, rule, etcdSays string
	}{
		{"hostname listen URL", "listen-client-urls: http://etcd.example.com:2379\nadvertise-client-urls: http://etcd.example.com:2379\n", "ES3203", "expected IP in URL for binding"},
		{"empty advertise host", "advertise-client-urls: http://:2379\n", "ES3406", "unexpected empty host"},
		{"scalar log-outputs", "log-outputs: stderr\n", "ES0003", "cannot unmarshal"},
		{"election vs heartbeat", "heartbeat-interval: 500\nelection-timeout: 1000\n", "ES0007", "election-timeout"},
		{"capnslog", "logger: capnslog\n", "ES3502", "capnslog is removed"},
		{"gate pairing", "feature-gates: LeaseCheckpointPersist=true\n", "ES3608", "requires enabling feature gate LeaseCheckpoint"},
		{"unknown gate", "feature-gates: NoSuchGate=true\n", "ES0001", "unrecognized feature gate"},
		{"duration as text", "compaction-sleep-interval: 10ms\n", "ES0003", "cannot unmarshal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conf := fmt.Sprintf(base, filepath.ToSlash(t.TempDir())) + tc.conf
			res, dir := runFiles(t, map[string]string{"etcd.conf.yml": conf}, []string{"etcd.conf.yml"}, "3.6", "3.7", nil)
			var got []string
			fatal := false
			for _, f := range res.Report.Findings {
				got = append(got, f.Rule+" "+f.Message)
				if f.Rule == tc.rule && f.Severity == rules.Error {
					fatal = true
				}
			}
			if !fatal {
				t.Fatalf("checker did not call it fatal (%s): %v", tc.rule, got)
			}
			_, err := embed.ConfigFromFile(filepath.Join(dir, "etcd.conf.yml"))
			if err == nil {
				t.Fatal("etcd accepted a config the checker called fatal")
			}
			if !strings.Contains(err.Error(), tc.etcdSays) {
				t.Errorf("etcd says %q, want it to mention %q", err, tc.etcdSays)
			}
		})
	}
}
