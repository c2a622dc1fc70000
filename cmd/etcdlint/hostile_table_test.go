package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
)

// tableEnv names the variable that turns on TestHostileTable.
const tableEnv = "ETCDLINT_HOSTILE_TABLE"

// A hostileRow is one hostile reproduction: a tree built at test time,
// the etcdlint command run on it, and what the README's security model
// says must come of it.
type hostileRow struct {
	name string
	// setup lays out the input under root and returns the directory to
	// run in and the arguments.
	setup func(t *testing.T, root string) (dir string, args []string)
	code  int
	want  []string // each must appear in the output
	never []string // none may appear in the output
	// after, if set, checks the tree once the command is done.
	after func(root string) error
}

// write creates root/rel with content (and its directories).
func write(t *testing.T, root, rel, content string) string {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// unchanged checks that a file outside the tree still holds content.
func unchanged(rel, content string) func(root string) error {
	return func(root string) error {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return err
		}
		if string(b) != content {
			return fmt.Errorf("%s outside the tree changed to %q", rel, b)
		}
		return nil
	}
}

// sameAs checks that two files hold the same bytes.
func sameAs(want, got string) error {
	a, err := os.ReadFile(want)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(got)
	if err != nil {
		return err
	}
	if !bytes.Equal(a, b) {
		return fmt.Errorf("%s outside the tree changed", got)
	}
	return nil
}

// memberDir runs a real embedded member that takes v2 snapshots often,
// writes keys, stops it and returns its data dir.
func memberDir(t *testing.T) string {
	t.Helper()
	c := etcdtest.Start(t, 1, etcdtest.Options{Tweak: func(cfg *embed.Config) { cfg.SnapshotCount = 5 }})
	cl, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints(), DialTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := etcdtest.Context(t, time.Minute)
	for i := range 20 {
		if _, err := cl.Put(ctx, fmt.Sprintf("key%d", i), "value"); err != nil {
			t.Fatal(err)
		}
	}
	c.Members[0].Stop()
	return c.Members[0].Dir
}

// copyData copies the member's data dir to root/data.
func copyData(t *testing.T, src, root string) string {
	t.Helper()
	dst := filepath.Join(root, "data")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func glob1(t *testing.T, pattern string) string {
	t.Helper()
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		t.Fatalf("nothing matches %s (%v)", pattern, err)
	}
	return names[len(names)-1]
}

// damageWAL damages the newest WAL file of a data dir in place with fn,
// given the offset after its last record (its last non-zero byte,
// rounded up to the 8-byte record alignment). The file is read in small
// chunks: this process's own peak RSS is the floor of every row's.
func damageWAL(t *testing.T, dir string, fn func(f *os.File, end int64) error) {
	t.Helper()
	w := glob1(t, filepath.Join(dir, "member", "wal", "*.wal"))
	f, err := os.OpenFile(w, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	end := int64(-1)
	for off := fi.Size(); off > 0 && end < 0; {
		n := min(int64(len(buf)), off)
		off -= n
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			t.Fatal(err)
		}
		for i := n - 1; i >= 0; i-- {
			if buf[i] != 0 {
				end = off + i
				break
			}
		}
	}
	if end < 0 {
		t.Fatalf("%s holds no records", w)
	}
	if err := fn(f, (end+8)&^7); err != nil {
		t.Fatal(err)
	}
}

const envWithV2 = "ETCD_NAME=a\nETCD_ENABLE_V2=true\n"

// TestHostileTable runs every hostile reproduction of the security model
// against the real etcdlint binary, one process each, and prints exit
// code, wall time, peak RSS and whether the expected message appeared.
// It fails when a row's exit code or message is not the documented one.
func TestHostileTable(t *testing.T) {
	if os.Getenv(tableEnv) != "1" {
		t.Skipf("set %s=1 to run the hostile reproductions against the built binary", tableEnv)
	}
	bin := filepath.Join(t.TempDir(), "etcdlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/etcdlint: %v\n%s", err, out)
	}
	member := memberDir(t)
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		// Bounded: at most 64 MiB per request, far past the caps.
		for range 1024 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer endless.Close()
	sample, err := filepath.Abs("../../testdata/sample/client")
	if err != nil {
		t.Fatal(err)
	}

	rows := []hostileRow{
		// Not hostile: the floor of the RSS column. A child's peak RSS
		// on Linux starts at the test process's RSS when it was forked.
		{name: "baseline: etcdlint version",
			setup: func(t *testing.T, root string) (string, []string) { return root, []string{"version"} },
			code:  0,
			want:  []string{"etcdlint"}},
		{name: "planted symlink at etcd.env.etcdlint-tmp, config --fix",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "out/victim", "precious\n")
				write(t, root, "repo/etcd.env", envWithV2)
				symlink(t, filepath.Join(root, "out/victim"), filepath.Join(root, "repo/etcd.env.etcdlint-tmp"))
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "--fix", "."}
			},
			code:  2,
			want:  []string{"etcd.env.etcdlint-tmp: symbolic link leading outside the checked tree: not read"},
			after: unchanged("out/victim", "precious\n")},
		{name: "code --fix on a symlinked .go file",
			setup: func(t *testing.T, root string) (string, []string) {
				repo := filepath.Join(root, "repo")
				if err := os.CopyFS(repo, os.DirFS(sample)); err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(repo, "main.go"))
				if err != nil {
					t.Fatal(err)
				}
				write(t, root, "out/main.go", string(b))
				os.Remove(filepath.Join(repo, "main.go"))
				symlink(t, filepath.Join(root, "out/main.go"), filepath.Join(repo, "main.go"))
				return repo, []string{"code", "--target", "3.7", "--fix", "./..."}
			},
			// The findings the fix could not remove still fail the run.
			code: 1,
			want: []string{"main.go: fixes not written: is a symbolic link: not written"},
			after: func(root string) error {
				return sameAs(filepath.Join(sample, "main.go"), filepath.Join(root, "out/main.go"))
			}},
		{name: "EnvironmentFile outside the tree",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "out/x.env", "ETCD_NAME=outside-secret-value\nETCD_ENABLE_V2=true\n")
				write(t, root, "repo/etcd.service", "[Service]\nEnvironmentFile="+filepath.Join(root, "out/x.env")+"\nExecStart=/usr/bin/etcd --name a\n")
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "."}
			},
			code:  2,
			want:  []string{"references " + filepath.Join(root0(), "out/x.env")},
			never: []string{"outside-secret-value"}},
		{name: "URL credentials in a config",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "repo/etcd.env", "ETCD_ENABLE_V2=true\nETCD_INITIAL_CLUSTER=a=http://bob:pw-sekret@10.0.0.1:2380\nETCD_NAME=a\n")
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "--fail-on", "warning", "."}
			},
			code:  1,
			want:  []string{"ES3601"},
			never: []string{"pw-sekret"}},
		{name: "corrupt member/snap/db",
			setup: func(t *testing.T, root string) (string, []string) {
				dir := copyData(t, member, root)
				if err := os.Truncate(filepath.Join(dir, "member", "snap", "db"), 100); err != nil {
					t.Fatal(err)
				}
				return root, []string{"probe", "--target", "3.7", "--data-dir", dir}
			},
			code: 1,
			want: []string{"ED0080", "member/snap/db is corrupt"}},
		{name: "WAL bytes overwritten mid-file",
			setup: func(t *testing.T, root string) (string, []string) {
				dir := copyData(t, member, root)
				damageWAL(t, dir, func(f *os.File, end int64) error {
					b := make([]byte, 64)
					if _, err := f.ReadAt(b, end/2); err != nil {
						return err
					}
					for i := range b {
						b[i] ^= 0x5a
					}
					_, err := f.WriteAt(b, end/2)
					return err
				})
				return root, []string{"probe", "--target", "3.7", "--data-dir", dir}
			},
			code: 1,
			want: []string{"error ED0081", "the WAL is damaged: member/wal/"}},
		{name: "WAL cut mid-record (torn tail)",
			setup: func(t *testing.T, root string) (string, []string) {
				dir := copyData(t, member, root)
				damageWAL(t, dir, func(f *os.File, end int64) error { return f.Truncate(end - 5) })
				return root, []string{"probe", "--target", "3.7", "--data-dir", dir}
			},
			// A warning: etcd repairs it at start.
			code: 0,
			want: []string{"warning ED0083", "the WAL is torn: member/wal/"}},
		{name: "FIFO as .wal",
			setup: func(t *testing.T, root string) (string, []string) {
				dir := copyData(t, member, root)
				w := glob1(t, filepath.Join(dir, "member", "wal", "*.wal"))
				os.Remove(w)
				if err := syscall.Mkfifo(w, 0o600); err != nil {
					t.Fatal(err)
				}
				return root, []string{"probe", "--target", "3.7", "--data-dir", dir}
			},
			code: 2,
			want: []string{".wal is a FIFO: not read"}},
		{name: ".snap symlink to /dev/zero",
			setup: func(t *testing.T, root string) (string, []string) {
				dir := copyData(t, member, root)
				s := glob1(t, filepath.Join(dir, "member", "snap", "*.snap"))
				os.Remove(s)
				symlink(t, "/dev/zero", s)
				return root, []string{"probe", "--target", "3.7", "--data-dir", dir}
			},
			code: 2,
			want: []string{".snap is a character device: not read"}},
		{name: "--password-file /dev/zero",
			setup: func(t *testing.T, root string) (string, []string) {
				return root, []string{"probe", "--target", "3.7", "--endpoints", "127.0.0.1:1", "--timeout", "1s", "--user", "root", "--password-file", "/dev/zero"}
			},
			code: 2,
			want: []string{"/dev/zero", "character device"}},
		{name: "--cacert /dev/zero",
			setup: func(t *testing.T, root string) (string, []string) {
				return root, []string{"probe", "--target", "3.7", "--endpoints", "127.0.0.1:1", "--timeout", "1s", "--cacert", "/dev/zero"}
			},
			code: 2,
			want: []string{"/dev/zero", "character device"}},
		{name: "endless /metrics and /version server",
			setup: func(t *testing.T, root string) (string, []string) {
				return root, []string{"probe", "--target", "3.7", "--endpoints", endless.URL, "--timeout", "20s"}
			},
			code: 3,
			want: []string{"larger than the size cap"}},
		{name: "300k unknown keys, env file",
			setup: func(t *testing.T, root string) (string, []string) {
				var sb strings.Builder
				// Four base-36 digits keep 300k names under the 4 MiB cap.
				for i := range 300000 {
					fmt.Fprintf(&sb, "ETCD_%04s=1\n", strconv.FormatInt(int64(i), 36))
				}
				write(t, root, "repo/etcd.env", sb.String())
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "etcd.env"}
			},
			// Unknown ETCD_* variables are warnings: below --fail-on error.
			code: 0,
			want: []string{"are not listed"}},
		{name: "300k unknown keys, YAML",
			setup: func(t *testing.T, root string) (string, []string) {
				var sb strings.Builder
				for i := range 300000 {
					fmt.Fprintf(&sb, "u%06d: 1\n", i)
				}
				write(t, root, "repo/etcd.conf.yml", sb.String())
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "etcd.conf.yml"}
			},
			code: 1,
			want: []string{"are not listed"}},
		{name: "missing path beside good ones",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "repo/good.env", envWithV2)
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "/nonexistent.yml", "good.env"}
			},
			code: 2,
			want: []string{"/nonexistent.yml: cannot read: no such file or directory", "ES3601"}},
		{name: "ConfigMap-style symlinks",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "repo/cm/..2026_01_01_00_00_00.1/etcd.env", envWithV2)
				symlink(t, "..2026_01_01_00_00_00.1", filepath.Join(root, "repo/cm/..data"))
				symlink(t, "..data/etcd.env", filepath.Join(root, "repo/cm/etcd.env"))
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "cm"}
			},
			code: 0,
			want: []string{"cm/etcd.env:2:1: warning ES3601"}},
		{name: "bare \\r line breaks in YAML",
			setup: func(t *testing.T, root string) (string, []string) {
				write(t, root, "repo/etcd.conf.yml", "name: a\renable-v2: true\rexperimental-unknown-key: 1\r")
				return filepath.Join(root, "repo"), []string{"config", "--target", "3.7", "etcd.conf.yml"}
			},
			code: 1,
			want: []string{"etcd.conf.yml:2:1: warning ES3601", "etcd.conf.yml:3:1: error ES0001"}},
		{name: "--user u:pass",
			setup: func(t *testing.T, root string) (string, []string) {
				return root, []string{"probe", "--target", "3.7", "--endpoints", "127.0.0.1:1", "--timeout", "1s", "--user", "root:pw-in-argv"}
			},
			code:  3,
			want:  []string{"--user user:password leaves the password in the process list"},
			never: []string{"pw-in-argv"}},
	}

	type result struct {
		name     string
		code     int
		wall     time.Duration
		rssKiB   int64
		msg      bool
		problems []string
	}
	// Every input is built before any row runs: a child's peak RSS on
	// Linux starts at this process's peak, which is then the same floor
	// for every row (the baseline row shows it).
	type prepared struct {
		root, dir string
		args      []string
	}
	var preps []prepared
	for _, row := range rows {
		root := t.TempDir()
		dir, args := row.setup(t, root)
		preps = append(preps, prepared{root, dir, args})
	}
	var results []result
	for i, row := range rows {
		root, dir, args := preps[i].root, preps[i].dir, preps[i].args
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		hung := ctx.Err() != nil
		cancel()
		res := result{name: row.name, code: -1, wall: wall}
		if cmd.ProcessState != nil {
			res.code = cmd.ProcessState.ExitCode()
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				res.rssKiB = ru.Maxrss
			}
		}
		if hung {
			res.problems = append(res.problems, "hung: killed after 3m")
		} else if err != nil && res.code < 0 {
			res.problems = append(res.problems, err.Error())
		}
		text := out.String()
		res.msg = true
		for _, w := range row.want {
			if !strings.Contains(text, strings.ReplaceAll(w, root0(), root)) {
				res.msg = false
				res.problems = append(res.problems, fmt.Sprintf("no %q", w))
			}
		}
		for _, n := range row.never {
			if strings.Contains(text, n) {
				res.msg = false
				res.problems = append(res.problems, fmt.Sprintf("printed %q", n))
			}
		}
		if res.code != row.code {
			res.problems = append(res.problems, fmt.Sprintf("exit %d, want %d", res.code, row.code))
		}
		if row.after != nil {
			if err := row.after(root); err != nil {
				res.problems = append(res.problems, err.Error())
			}
		}
		if len(res.problems) > 0 {
			t.Errorf("%s: %s\n$ etcdlint %s\n%s", row.name, strings.Join(res.problems, "; "), strings.Join(args, " "), trimOutput(text))
		}
		results = append(results, res)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "| reproduction | exit | wall | peak RSS | expected message |\n|---|---|---|---|---|\n")
	for _, r := range results {
		ok := "yes"
		if !r.msg {
			ok = "NO"
		}
		fmt.Fprintf(&sb, "| %s | %d | %s | %.1f MiB | %s |\n", r.name, r.code, r.wall.Round(time.Millisecond), float64(r.rssKiB)/1024, ok)
	}
	fmt.Print(sb.String())
}

// root0 stands for a row's root in its expected messages, which are
// written before the root exists.
func root0() string { return "\x00root\x00" }

// trimOutput keeps the start and the end of a long output.
func trimOutput(s string) string {
	if len(s) <= 4000 {
		return s
	}
	return s[:2000] + "\n...\n" + s[len(s)-2000:]
}
