package datadir

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/etcdserver/api/snap"
	"go.uber.org/zap"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
)

// snapKeys is how many keys the snapshot tests write: with a snapshot
// count of 5 the member takes several v2 snapshots on the way.
const snapKeys = 40

// snapDataDirEmbedded runs a real embedded member (the linked etcd) that
// takes a v2 snapshot every 5 entries, writes snapKeys keys, stops it
// and returns its data dir.
func snapDataDirEmbedded(t *testing.T) string {
	t.Helper()
	c := etcdtest.Start(t, 1, etcdtest.Options{Tweak: func(cfg *embed.Config) { cfg.SnapshotCount = 5 }})
	putKeys(t, c.Endpoints()[0])
	c.Members[0].Stop()
	return c.Members[0].Dir
}

// snapDataDirProc does the same with a real etcd binary.
func snapDataDirProc(t *testing.T, bin string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	p := startBinary(t, bin, dir, "new")
	etcdtest.WaitReady(t, p)
	putKeys(t, p.ClientURL)
	p.Stop()
	return dir
}

func startBinary(t *testing.T, bin, dir, state string) *etcdtest.Proc {
	t.Helper()
	ports := etcdtest.FreePorts(t, 2)
	return etcdtest.StartProc(t, etcdtest.ProcSpec{Binary: bin, Name: "m0", Dir: dir,
		ClientPort: ports[0], PeerPort: ports[1], Token: "snap-test",
		InitialCluster: fmt.Sprintf("m0=http://127.0.0.1:%d", ports[1]),
		Args:           []string{"--snapshot-count", "5", "--initial-cluster-state", state}})
}

func putKeys(t *testing.T, endpoint string) {
	t.Helper()
	cl, err := clientv3.New(clientv3.Config{Endpoints: []string{endpoint}, DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := etcdtest.Context(t, time.Minute)
	for i := range snapKeys {
		if _, err := cl.Put(ctx, fmt.Sprintf("key%d", i), fmt.Sprintf("value%d", i)); err != nil {
			t.Fatal(err)
		}
	}
}

// snapFiles lists a data dir's .snap files, oldest first.
func snapFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "member", "snap", "*.snap"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// flipHalf flips the second half of a file (a snapshot's payload and
// checksum), the way a lost or misdirected write does.
func flipHalf(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 2; i < len(b); i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// badStore rewrites a .snap in place with a valid checksum over a v2
// store that is not JSON: a snapshot etcd reads but cannot recover from.
func badStore(t *testing.T, path string) {
	t.Helper()
	s, err := snap.Read(zap.NewNop(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Data = []byte("{not json")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := snap.New(zap.NewNop(), filepath.Dir(path)).SaveSnap(s); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the rewritten snapshot has another name: %v", err)
	}
}

// procVerdict starts a real etcd binary on a copy of dir and reports
// whether it serves every key written, with its log. It waits for the
// member to be healthy or to exit (a hang check, not a speed check).
func procVerdict(t *testing.T, bin, dir string) (starts bool, copyDir, log string) {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "judged")
	if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	ports := etcdtest.FreePorts(t, 2)
	logPath := filepath.Join(t.TempDir(), "etcd.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clientURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	cmd := exec.CommandContext(ctx, bin, "--name", "m0", "--data-dir", cp,
		"--listen-client-urls", clientURL, "--advertise-client-urls", clientURL,
		"--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
		"--initial-cluster", "m0="+peerURL, "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		logf.Close()
		close(exited)
	}()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	hc := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-exited:
			b, _ := os.ReadFile(logPath)
			return false, cp, string(b)
		case <-ctx.Done():
			t.Fatal("etcd neither served nor exited within 3 minutes")
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := hc.Get(clientURL + "/health")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
	}
	err = allKeysServed(ctx, clientURL)
	b, _ := os.ReadFile(logPath)
	if err != nil {
		return false, cp, fmt.Sprintf("%v\n%s", err, b)
	}
	return true, cp, string(b)
}

// allKeysServed checks that the member serves every key putKeys wrote.
func allKeysServed(ctx context.Context, endpoint string) error {
	cl, err := clientv3.New(clientv3.Config{Endpoints: []string{endpoint}, DialTimeout: 10 * time.Second})
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	defer cl.Close()
	resp, err := cl.Get(ctx, "key", clientv3.WithPrefix())
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	if len(resp.Kvs) != snapKeys {
		return fmt.Errorf("the member serves %d keys, %d were written", len(resp.Kvs), snapKeys)
	}
	return nil
}

// snapDamage is the snapshot damage Inspect reports for file, if any.
func snapDamage(t *testing.T, dir, file string) (Damage, bool) {
	t.Helper()
	d, err := Inspect(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join("member", "snap", filepath.Base(file))
	for _, dm := range d.Damage {
		if dm.Kind == DamageSnap && dm.File == want {
			return dm, true
		}
	}
	return Damage{}, false
}

// broken lists the .broken files etcd left in a judged copy's snap dir.
func broken(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "member", "snap", "*.broken"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestSnapDamageJudgedByEtcd damages .snap files of real members (the
// linked etcd and a 3.6 binary, each writing its own data dir with a
// snapshot every 5 entries) and starts a real etcd of the same version
// on the bytes: the finding (ED0082) must be reported for the damaged
// newest file, and what the rule says etcd does must be what it does.
func TestSnapDamageJudgedByEtcd(t *testing.T) {
	t.Setenv(judgeKeysEnv, fmt.Sprint(snapKeys))
	bin := etcdtest.Binary(t, "3.6.16")
	bin35 := etcdtest.Binary(t, "3.5.20")
	makers := []struct {
		name  string
		make  func(t *testing.T) string
		judge func(t *testing.T, dir string) (bool, string, string)
		// readsSnap is whether this version reads .snap files at start
		// (3.5 and 3.6 do, renaming a damaged one to .broken; 3.7 does
		// not read them).
		readsSnap bool
	}{
		{"linked etcd", snapDataDirEmbedded, etcdJudge, false},
		{"etcd 3.6.16", func(t *testing.T) string { return snapDataDirProc(t, bin) },
			func(t *testing.T, dir string) (bool, string, string) { return procVerdict(t, bin, dir) }, true},
		{"etcd 3.5.20", func(t *testing.T) string { return snapDataDirProc(t, bin35) },
			func(t *testing.T, dir string) (bool, string, string) { return procVerdict(t, bin35, dir) }, true},
	}
	for _, m := range makers {
		t.Run(m.name, func(t *testing.T) {
			clean := m.make(t)
			for _, tc := range []struct {
				name string
				all  bool // damage every .snap, not only the newest
				json bool // rewrite the newest with a valid checksum over a v2 store that does not decode
			}{{"newest snap damaged", false, false}, {"every snap damaged", true, false}, {"newest v2 store undecodable", false, true}} {
				t.Run(tc.name, func(t *testing.T) {
					dir := filepath.Join(t.TempDir(), "data")
					if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
						t.Fatal(err)
					}
					snaps := snapFiles(t, dir)
					if len(snaps) < 2 {
						t.Fatalf("want at least two .snap files to fall back on, have %v", snaps)
					}
					damaged := snaps[len(snaps)-1:]
					if tc.all {
						damaged = snaps
					}
					for _, s := range damaged {
						if tc.json {
							badStore(t, s)
						} else {
							flipHalf(t, s)
						}
					}
					dm, ok := snapDamage(t, dir, snaps[len(snaps)-1])
					if !ok {
						t.Fatalf("no snapshot damage reported for the newest %s", snaps[len(snaps)-1])
					}
					t.Logf("found: %s", dm)
					starts, cp, log := m.judge(t, dir)
					br := broken(t, cp)
					t.Logf("starts=%t, %d .broken files", starts, len(br))
					// Damage etcd sets aside is Repaired; a store that
					// does not decode is fatal wherever .snap is read.
					want := !m.readsSnap || dm.Repaired
					if starts != want {
						t.Errorf("real etcd starts=%t with every key, the finding (repaired=%t) says %t:\n%s", starts, dm.Repaired, want, log)
					}
					if dm.Repaired == tc.json {
						t.Errorf("repaired=%t for %s", dm.Repaired, tc.name)
					}
					wantBroken := 0
					if m.readsSnap && !tc.json {
						wantBroken = len(damaged)
					}
					if len(br) != wantBroken {
						t.Errorf("%d .broken files, want %d", len(br), wantBroken)
					}
					if tc.json && m.readsSnap && !strings.Contains(log, "failed to recover from snapshot") {
						t.Errorf("etcd did not fail on the v2 store:\n%s", log)
					}
				})
			}
		})
	}
}
