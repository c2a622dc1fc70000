package datadir

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
)

// judgeEnv names the data dir a re-executed test binary starts a real
// etcd on: the process is the judge of whether etcd accepts the dir.
const judgeEnv = "ETCDLINT_TEST_JUDGE_DIR"

// judgeKeysEnv, when set, is how many keys under "key" the judge must
// read back for the member to count as started.
const judgeKeysEnv = "ETCDLINT_TEST_JUDGE_KEYS"

func TestMain(m *testing.M) {
	if dir := os.Getenv(judgeEnv); dir != "" {
		os.Exit(judge(dir, os.Getenv("ETCDLINT_TEST_JUDGE_PORTS")))
	}
	os.Exit(m.Run())
}

// judge starts an embedded etcd on dir and returns 0 once it serves, 2
// when it refuses to start. etcd's own fatal log lines exit the process
// with 1.
func judge(dir, ports string) int {
	var cp, pp int
	if _, err := fmt.Sscanf(ports, "%d,%d", &cp, &pp); err != nil {
		fmt.Fprintln(os.Stderr, "ports:", err)
		return 3
	}
	cfg := embed.NewConfig()
	cfg.Name = "m0"
	cfg.Dir = dir
	cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", cp))
	pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", pp))
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
	cfg.InitialCluster = "m0=" + pu.String()
	lg := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()), os.Stderr, zap.WarnLevel))
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(lg)
	cfg.Logger = "zap"
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refused:", err)
		return 2
	}
	// No Close: a member that does not come up does not close either,
	// and the process ends here anyway.
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		fmt.Fprintln(os.Stderr, "refused:", err)
		return 2
	case <-time.After(20 * time.Second):
		// A single member that replays its WAL and the db is ready in
		// well under a second; one that is not after 20s is stuck.
		fmt.Fprintln(os.Stderr, "refused: not ready within 20s")
		return 2
	}
	// Serving is not enough: the member must read its data back.
	cl, err := clientv3.New(clientv3.Config{Endpoints: []string{cu.String()}, DialTimeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		return 4
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := cl.Get(ctx, "key", clientv3.WithPrefix())
	if err != nil {
		fmt.Fprintln(os.Stderr, "get:", err)
		return 4
	}
	if want := os.Getenv(judgeKeysEnv); want != "" && want != fmt.Sprint(len(resp.Kvs)) {
		// The member came up without data it had acknowledged.
		fmt.Fprintf(os.Stderr, "refused: serves %d keys, %s were written\n", len(resp.Kvs), want)
		return 2
	}
	return 0
}

// etcdStarts runs the judge on a copy of dir (etcd repairs what it can
// in place) and reports whether a real etcd starts on it, with its log.
func etcdStarts(t *testing.T, dir string) (bool, string) {
	t.Helper()
	ok, _, log := etcdJudge(t, dir)
	return ok, log
}

// etcdJudge is etcdStarts that also returns the judged copy, to see what
// etcd changed in it.
func etcdJudge(t *testing.T, dir string) (bool, string, string) {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "judged")
	if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	ports := etcdtest.FreePorts(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), judgeEnv+"="+cp, fmt.Sprintf("ETCDLINT_TEST_JUDGE_PORTS=%d,%d", ports[0], ports[1]))
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the judge hung: %s", out)
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && (ee.ExitCode() == 1 || ee.ExitCode() == 2) {
			return false, cp, string(out)
		}
		t.Fatalf("the judge failed: %v\n%s", err, out)
	}
	return true, cp, string(out)
}

// walDataDir runs a real embedded member, writes keys large enough that
// the WAL spans many sectors, stops it and returns its data dir.
func walDataDir(t testing.TB) string {
	t.Helper()
	return writtenDataDir(t, 100)
}

// writtenDataDir runs a real embedded member, puts n keys of 700 bytes,
// stops it and returns its data dir.
func writtenDataDir(t testing.TB, n int) string {
	t.Helper()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	cl, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints(), DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := etcdtest.Context(t, time.Minute)
	val := strings.Repeat("v", 700)
	for i := range n {
		if _, err := cl.Put(ctx, fmt.Sprintf("key%d", i), val); err != nil {
			t.Fatal(err)
		}
	}
	c.Members[0].Stop()
	return c.Members[0].Dir
}

// walFrames returns the offsets of the records in a WAL file and the
// offset after the last one, by their length frames.
func walFrames(t *testing.T, b []byte) (starts []int64, end int64) {
	t.Helper()
	off := int64(0)
	for off+8 <= int64(len(b)) {
		l := int64(binary.LittleEndian.Uint64(b[off:]))
		if l == 0 {
			break
		}
		rec := int64(uint64(l) & ^(uint64(0xff) << 56))
		pad := int64(0)
		if l < 0 {
			pad = int64((uint64(l) >> 56) & 0x7)
		}
		starts = append(starts, off)
		off += 8 + rec + pad
	}
	if len(starts) < 20 {
		t.Fatalf("only %d WAL records", len(starts))
	}
	return starts, off
}

func onlyWAL(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "member", "wal", "*.wal"))
	if err != nil || len(names) != 1 {
		t.Fatalf("want one WAL file in %s, have %v (%v)", dir, names, err)
	}
	return names[0]
}

// TestWALDamageJudgedByEtcd damages copies of a real member's WAL the
// ways disks and crashes do and checks each verdict against a real etcd
// started on the same bytes: a damage etcd refuses to start with must be
// reported as not repaired, one it repairs as repaired, and every case
// must be found, with the file and offset.
func TestWALDamageJudgedByEtcd(t *testing.T) {
	clean := walDataDir(t)
	cases := []struct {
		name     string
		damage   func(t *testing.T, b []byte) ([]byte, int64) // new content, offset damaged
		repaired bool                                         // what etcd is expected to do
	}{
		{"bytes flipped inside a record in the middle", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			l := int64(binary.LittleEndian.Uint64(b[at:])) & 0xffffffffffffff
			p := at + 8 + l/2
			for i := p; i < p+4; i++ {
				b[i] ^= 0x5a
			}
			return b, at
		}, false},
		{"random garbage after the last record", func(t *testing.T, b []byte) ([]byte, int64) {
			_, end := walFrames(t, b)
			r := rand.New(rand.NewPCG(1, 2))
			for i := end; i < end+3000; i++ {
				b[i] = byte(r.UintN(256))
			}
			return b, end
		}, true},
		{"random garbage appended to the preallocated file", func(t *testing.T, b []byte) ([]byte, int64) {
			r := rand.New(rand.NewPCG(3, 4))
			garbage := make([]byte, 4096)
			for i := range garbage {
				garbage[i] = byte(r.UintN(256))
			}
			return append(b, garbage...), int64(len(b))
		}, true},
		{"cut in the middle of the last record", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, end := walFrames(t, b)
			at := starts[len(starts)-1]
			return b[:at+(end-at)/2], at
		}, true},
		{"a zeroed 4 KiB block in the middle", func(t *testing.T, b []byte) ([]byte, int64) {
			_, end := walFrames(t, b)
			blk := (end / 2) &^ 4095
			clear(b[blk : blk+4096])
			return b, blk
		}, false},
		{"the length frame of a record in the middle zeroed", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			clear(b[at : at+8])
			return b, at
		}, false},
	}
	// The undamaged dir: no damage, and etcd starts.
	d, err := Inspect(clean, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Damage) > 0 || len(d.Errors) > 0 {
		t.Fatalf("clean data dir: damage %v, errors %v", d.Damage, d.Errors)
	}
	if ok, log := etcdStarts(t, clean); !ok {
		t.Fatalf("etcd does not start on the clean copy:\n%s", log)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
				t.Fatal(err)
			}
			w := onlyWAL(t, dir)
			b, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			b, at := tc.damage(t, b)
			if err := os.WriteFile(w, b, 0o600); err != nil {
				t.Fatal(err)
			}
			d, err := Inspect(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			starts, log := etcdStarts(t, dir)
			if starts != tc.repaired {
				t.Errorf("real etcd starts=%t, the case expects repaired=%t:\n%s", starts, tc.repaired, log)
			}
			var wals []Damage
			for _, dm := range d.Damage {
				if dm.Kind == DamageWAL {
					wals = append(wals, dm)
				}
			}
			if len(wals) == 0 {
				t.Fatalf("no WAL damage found (errors %v); etcd starts=%t", d.Errors, starts)
			}
			dm := wals[0]
			t.Logf("found: %s", dm)
			if dm.Repaired != starts {
				t.Errorf("reported repaired=%t, but a real etcd starts=%t on it:\n%s\n%s", dm.Repaired, starts, dm, log)
			}
			if want := filepath.Join("member", "wal", filepath.Base(w)); dm.File != want {
				t.Errorf("file %q, want %q", dm.File, want)
			}
			if dm.Offset < 0 || dm.Offset > at+4096 || dm.Offset+4096 < at {
				t.Errorf("offset %d, the damage is at %d", dm.Offset, at)
			}
			if dm.Repaired && dm.Lost <= 0 {
				t.Errorf("repaired damage with nothing lost: %s", dm)
			}
			if !dm.Repaired && d.WALChecked {
				t.Errorf("the v2 request scan read a WAL etcd refuses")
			}
			if d.DBRead != true || d.StorageVersion == "" {
				t.Errorf("the db's results were lost: read %t, storage version %q", d.DBRead, d.StorageVersion)
			}
		})
	}
}

// BenchmarkScanWAL scans a real member's WAL (one preallocated 64 MB
// file) as Inspect does, and BenchmarkInspect reads the whole data dir.
func BenchmarkScanWAL(b *testing.B) {
	dir := walDataDir(b)
	d := &Dir{Path: dir, WALDir: filepath.Join(dir, "member", "wal")}
	for b.Loop() {
		d.Damage, d.Errors = nil, nil
		d.scanWAL()
		if len(d.Damage)+len(d.Errors) > 0 {
			b.Fatalf("damage %v, errors %v", d.Damage, d.Errors)
		}
	}
}

func BenchmarkInspect(b *testing.B) {
	dir := walDataDir(b)
	for b.Loop() {
		d, err := Inspect(dir, Options{})
		if err != nil || len(d.Damage)+len(d.Errors) > 0 {
			b.Fatalf("%v %v %v", err, d.Damage, d.Errors)
		}
	}
}
