package probe_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"go.etcd.io/etcd/server/v3/etcdserver/api/snap"
	"go.uber.org/zap"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
)

// copyDir copies a data dir so each hostile case damages its own copy.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// probeWithin runs the probe and fails when it does not return within a
// generous deadline: a hang check, not a speed check.
func probeWithin(t *testing.T, opts probe.Options) *report.Report {
	t.Helper()
	done := make(chan *report.Report, 1)
	go func() { done <- run(t, opts) }()
	select {
	case rep := <-done:
		return rep
	case <-time.After(3 * time.Minute):
		t.Fatal("the probe hung")
		return nil
	}
}

func hasProblem(rep *report.Report, parts ...string) bool {
	for _, p := range rep.Problems {
		all := true
		for _, part := range parts {
			all = all && strings.Contains(p.Message, part)
		}
		if all {
			return true
		}
	}
	return false
}

func lastWAL(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "member", "wal", "*.wal"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no .wal file in %s (%v)", dir, err)
	}
	return names[len(names)-1] // the file the newest snapshot's entries are in
}

// TestDataDirHostile damages copies of a real member's data dir: each
// case must give a finding (corrupt content) or a problem (a file that
// is not read) naming the damaged file, never a panic or a hang, and
// keep what the other decoders found.
func TestDataDirHostile(t *testing.T) {
	clean := memberDataDir(t)
	walDamage := func(fn func(b []byte) []byte) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			w := lastWAL(t, dir)
			b, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(w, fn(b), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	// recordsEnd is the offset after a WAL file's last record: its last
	// non-zero byte, rounded up to the 8-byte record alignment.
	recordsEnd := func(b []byte) int {
		i := len(b) - 1
		for i >= 0 && b[i] == 0 {
			i--
		}
		return (i + 8) &^ 7
	}
	cases := []struct {
		name    string
		damage  func(t *testing.T, dir string)
		rule    string   // the finding expected; "" for a problem
		want    []string // in the finding's or the problem's message
		keepsDB bool     // the db's facts are still reported
	}{
		{"zeroed db pages", func(t *testing.T, dir string) {
			db := filepath.Join(dir, "member", "snap", "db")
			info, err := os.Stat(db)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(db, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			// Keep the two meta pages, zero every data page.
			if _, err := f.WriteAt(make([]byte, info.Size()-2*4096), 2*4096); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}, "ED0080", []string{filepath.Join("member", "snap", "db") + " is corrupt"}, false},
		{"truncated db", func(t *testing.T, dir string) {
			if err := os.Truncate(filepath.Join(dir, "member", "snap", "db"), 100); err != nil {
				t.Fatal(err)
			}
		}, "ED0080", []string{filepath.Join("member", "snap", "db") + " is corrupt"}, false},
		{"bad db meta pages", func(t *testing.T, dir string) {
			db := filepath.Join(dir, "member", "snap", "db")
			f, err := os.OpenFile(db, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			// Overwrite the checksummed part of both meta pages.
			for _, off := range []int64{16, 4096 + 16} {
				if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, 48), off); err != nil {
					t.Fatal(err)
				}
			}
			f.Close()
		}, "ED0080", []string{filepath.Join("member", "snap", "db") + " is corrupt"}, false},
		{"one db page of the lease bucket zeroed", func(t *testing.T, dir string) {
			db := filepath.Join(dir, "member", "snap", "db")
			pg := leaseLeafPage(t, db)
			f, err := os.OpenFile(db, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(make([]byte, 4096), pg*4096); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}, "ED0080", []string{filepath.Join("member", "snap", "db") + " is corrupt", "consistency check"}, true},
		{"FIFO as snap", func(t *testing.T, dir string) {
			s := newestSnap(t, dir)
			os.Remove(s)
			if err := syscall.Mkfifo(s, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "", []string{".snap is a FIFO: not read"}, true},
		{"snap linked to /dev/zero", func(t *testing.T, dir string) {
			s := newestSnap(t, dir)
			os.Remove(s)
			if err := os.Symlink("/dev/zero", s); err != nil {
				t.Fatal(err)
			}
		}, "", []string{".snap is a character device: not read"}, true},
		{"damaged snap", func(t *testing.T, dir string) {
			s := newestSnap(t, dir)
			b, err := os.ReadFile(s)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) / 2; i < len(b); i++ {
				b[i] ^= 0xff
			}
			if err := os.WriteFile(s, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "ED0082", []string{".snap is corrupt"}, true},
		{"FIFO as wal", func(t *testing.T, dir string) {
			w := lastWAL(t, dir)
			os.Remove(w)
			if err := syscall.Mkfifo(w, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "", []string{".wal is a FIFO: not read"}, true},
		{"wal bytes flipped in the middle", walDamage(func(b []byte) []byte {
			mid := recordsEnd(b) / 2
			for i := mid; i < mid+64; i++ {
				b[i] ^= 0x5a
			}
			return b
		}), "ED0081", []string{"the WAL is damaged", ".wal at offset"}, true},
		{"wal garbage tail", walDamage(func(b []byte) []byte {
			end := recordsEnd(b)
			for i := end; i < end+2048; i++ {
				b[i] = byte(i*7919 + 13)
			}
			return b
		}), "ED0083", []string{"the WAL is torn", ".wal at offset", "etcd truncates the file here"}, true},
		{"wal cut mid-record", walDamage(func(b []byte) []byte {
			return b[:recordsEnd(b)-5]
		}), "ED0083", []string{"the WAL is torn", ".wal at offset"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, clean)
			tc.damage(t, dir)
			rep := probeWithin(t, probe.Options{DataDirs: []string{dir}, Target: "3.7"})
			if tc.rule == "" {
				if !hasProblem(rep, tc.want...) {
					t.Errorf("no problem containing %q:\n%s", tc.want, dump(rep))
				}
			} else {
				if !hasFinding(rep, tc.rule, tc.want...) {
					t.Errorf("no %s finding containing %q:\n%s", tc.rule, tc.want, dump(rep))
				}
				if len(rep.Problems) > 0 {
					t.Errorf("corrupt content must be a finding, not a problem:\n%s", dump(rep))
				}
			}
			if got := fact(rep, dir, "storage_version"); tc.keepsDB && got != "3.7.0" {
				t.Errorf("the db's facts were lost (storage_version %q):\n%s", got, dump(rep))
			}
		})
	}
}

// leaseLeafPage fills the db's lease bucket (which the metadata reads
// never touch) with entries offline, as a member with many leases has
// it, and returns the id of one of its leaf pages.
func leaseLeafPage(t *testing.T, path string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("lease"))
		if err != nil {
			return err
		}
		for i := range 3000 {
			if err := b.Put(fmt.Appendf(nil, "%08d", i), []byte("lease-v")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var pg int64
	err = db.View(func(tx *bolt.Tx) error {
		// Leaves this full hold lease entries: the member's own
		// buckets hold a few dozen at most.
		for id := 2; ; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			if p.Type == "leaf" && p.Count >= 50 {
				pg = int64(id)
			}
		}
		if pg == 0 {
			return fmt.Errorf("no full leaf page")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

// hasFinding reports whether rep has a finding for rule whose message
// contains every part.
func hasFinding(rep *report.Report, rule string, parts ...string) bool {
	for _, f := range findings(rep, rule) {
		all := true
		for _, part := range parts {
			all = all && strings.Contains(f.Message, part)
		}
		if all {
			return true
		}
	}
	return false
}

// TestCredentialFilesBounded gives /dev/zero, a FIFO and an oversized
// file as --password-file and --cacert: each is refused at once with a
// message naming the kind of file, and nothing of it is printed.
func TestCredentialFilesBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pw.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big.pem")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/dev/zero": "character device", fifo: "a FIFO", big: "larger than 1 MiB"} {
		done := make(chan error, 1)
		go func() { _, err := probe.ReadPasswordFile(path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("--password-file %s: %v, want %q", path, err, want)
			}
		case <-time.After(time.Minute):
			t.Fatalf("--password-file %s hung", path)
		}
		go func() {
			_, err := probe.Run(etcdtest.Context(t, time.Minute), probe.Options{Catalog: catalog(t), Endpoints: []string{"127.0.0.1:1"}, CACert: path, Target: "3.7", Timeout: time.Second})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("--cacert %s: %v, want %q", path, err, want)
			}
		case <-time.After(time.Minute):
			t.Fatalf("--cacert %s hung", path)
		}
	}
}

// TestEndlessHTTPBodies serves endless /version and /metrics bodies on
// loopback: the probe reads at most the per-response cap, reports it and
// returns; the server stops when the test ends.
func TestEndlessHTTPBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		// Bounded: at most 64 MiB per request, far past the caps.
		for range 1024 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	rep := probeWithin(t, probe.Options{Endpoints: []string{srv.URL}, Target: "3.7", Timeout: 20 * time.Second})
	if !hasProblem(rep, "larger than the size cap") {
		t.Errorf("no problem for the endless bodies:\n%s", dump(rep))
	}
}

// waitClusterVersion polls a member's /version until the cluster version
// is decided (a fresh member publishes it shortly after it starts), with
// a generous deadline for a loaded machine.
func waitClusterVersion(t *testing.T, endpoint string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(endpoint + "/version")
		if err == nil {
			var v struct {
				Cluster string `json:"etcdcluster"`
			}
			derr := json.NewDecoder(resp.Body).Decode(&v)
			resp.Body.Close()
			if derr == nil && v.Cluster != "" && v.Cluster != "not_decided" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the cluster version was not decided within 2 minutes (%v)", endpoint, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSlowHTTPEndpoints serves the probe's HTTP requests (/version,
// /metrics, /health) from loopback servers that never finish: one sends
// its answer a byte every 100 ms, one sends headers and then stalls. The
// probe must give up after its --timeout (the test allows 60 s for a
// loaded machine: a hang check, not a speed check) and report the
// endpoint as not answering. Each handler stops by itself when the probe
// goes away, and after at most 90 s.
func TestSlowHTTPEndpoints(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"byte-by-byte", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fl, _ := w.(http.Flusher)
			for range 900 {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				if fl != nil {
					fl.Flush()
				}
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}},
		{"headers-then-stall", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			select {
			case <-r.Context().Done():
			case <-time.After(90 * time.Second):
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			done := make(chan *report.Report, 1)
			go func() {
				done <- run(t, probe.Options{Endpoints: []string{srv.URL}, Target: "3.7", Timeout: 2 * time.Second})
			}()
			var rep *report.Report
			select {
			case rep = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("the probe had not returned 60 s after a 2 s timeout")
			}
			found := false
			for _, p := range rep.Problems {
				if p.Unreachable && strings.Contains(p.Input+" "+p.Message, srv.Listener.Addr().String()) {
					found = true
				}
			}
			if !found {
				t.Errorf("the endpoint that does not answer is not reported as such:\n%s", dump(rep))
			}
			t.Logf("%s", dump(rep))
		})
	}
}

// TestSnapStoreUndecodable rewrites the newest .snap of a real member
// with a valid checksum over a v2 store that is not JSON: etcd 3.5 and
// 3.6 load it and panic (TestSnapDamageJudgedByEtcd in probe/datadir
// starts them on it), etcd 3.7 does not read it. The rule follows the
// target.
func TestSnapStoreUndecodable(t *testing.T) {
	dir := copyDir(t, memberDataDir(t))
	path := newestSnap(t, dir)
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
	for target, want := range map[string][]string{
		"3.6": {"ED0084", "panics at start"},
		"3.7": {"ED0082", "cannot be rolled back"},
	} {
		rep := probeWithin(t, probe.Options{DataDirs: []string{dir}, Target: target})
		if !hasFinding(rep, want[0], want[1]) {
			t.Errorf("target %s: no %s finding containing %q:\n%s", target, want[0], want[1], dump(rep))
		}
	}
}
