package safeio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
}

func readBack(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteFileReplacesAndKeepsMode(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "etcd.env")
	write(t, p, "old\n")
	if err := WriteFile(root, p, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if got := readBack(t, p); got != "new\n" {
		t.Fatalf("content %q", got)
	}
	info, _ := os.Stat(p)
	if info.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v, want 0640", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileIgnoresPlantedTempSymlink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	write(t, victim, "precious\n")
	p := filepath.Join(root, "etcd.env")
	write(t, p, "old\n")
	// The names an older writer used, and likely temp names.
	for _, name := range []string{"etcd.env.etcdlint-tmp", ".etcd.env.etcdlint-tmp", ".etcd.env.etcdlint-1"} {
		if err := os.Symlink(victim, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFile(root, p, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if got := readBack(t, victim); got != "precious\n" {
		t.Fatalf("victim changed: %q", got)
	}
	if got := readBack(t, p); got != "new\n" {
		t.Fatalf("target %q", got)
	}
}

func TestWriteFileRefusesSymlinkTarget(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim.go")
	write(t, victim, "package victim\n")
	link := filepath.Join(root, "a.go")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(root, link, []byte("package evil\n"))
	if !errors.Is(err, ErrSymlink) {
		t.Fatalf("err = %v, want ErrSymlink", err)
	}
	if got := readBack(t, victim); got != "package victim\n" {
		t.Fatalf("victim changed: %q", got)
	}
}

func TestWriteFileRefusesOutsideRoot(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "sub", "x.env")
	write(t, victim, "A=1\n")
	// A directory symlink inside the tree leading out of it.
	if err := os.Symlink(filepath.Join(outside, "sub"), filepath.Join(root, "sub")); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(root, filepath.Join(root, "sub", "x.env"), []byte("A=2\n"))
	if !errors.Is(err, ErrOutsideTree) {
		t.Fatalf("err = %v, want ErrOutsideTree", err)
	}
	if got := readBack(t, victim); got != "A=1\n" {
		t.Fatalf("victim changed: %q", got)
	}
}

func TestWriteFileRefusesNonRegular(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "etcd.env")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	err := WriteFile(root, fifo, []byte("x"))
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("err = %v, want ErrNotRegular", err)
	}
}

// within reports whether f finishes within a generous deadline: these
// are hang checks, not speed checks.
func noHang(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("hung")
	}
}

func TestReadFileFIFODoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "0000000000000001-0000000000000001.snap")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	noHang(t, func() {
		_, err := ReadFile(fifo, 1<<20)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a FIFO") {
			t.Errorf("err = %v, want a FIFO error", err)
		}
	})
}

func TestReadFileDevZeroIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "password.txt")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/dev/zero", link} {
		noHang(t, func() {
			_, err := ReadFile(p, SecretCap)
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "character device") {
				t.Errorf("%s: err = %v, want a device error", p, err)
			}
		})
	}
}

func TestReadFileCap(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big")
	write(t, p, strings.Repeat("x", 1025))
	if _, err := ReadFile(p, 1024); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1 KiB") {
		t.Fatalf("err = %v, want too large (1 KiB)", err)
	}
	b, err := ReadFile(p, 1025)
	if err != nil || len(b) != 1025 {
		t.Fatalf("at the cap: %d bytes, %v", len(b), err)
	}
}

func TestTreeReferenced(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	unit := filepath.Join(root, "etc", "etcd.service")
	write(t, unit, "[Service]\n")
	write(t, filepath.Join(root, "etc", "etcd.env"), "ETCD_NAME=a\n")
	write(t, filepath.Join(outside, "x.env"), "ETCD_NAME=secret\n")
	if err := os.Symlink(filepath.Join(outside, "x.env"), filepath.Join(root, "etc", "link.env")); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(t.TempDir(), "named.env")
	write(t, named, "ETCD_NAME=b\n")
	tree := NewTree(root, named)

	if _, data, err := tree.ReadReferenced(unit, "etcd.env", 1<<20); err != nil || string(data) != "ETCD_NAME=a\n" {
		t.Fatalf("in-tree reference: %q, %v", data, err)
	}
	if _, _, err := tree.ReadReferenced(unit, named, 1<<20); err != nil {
		t.Fatalf("a file named on the command line: %v", err)
	}
	for _, ref := range []string{filepath.Join(outside, "x.env"), "../../" + filepath.Base(outside) + "/x.env", "link.env", "/etc/passwd"} {
		_, data, err := tree.ReadReferenced(unit, ref, 1<<20)
		if err == nil || data != nil {
			t.Fatalf("%s: read (%q)", ref, data)
		}
		if want := "references " + ref + ", not read"; !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("%s: %v, want prefix %q", ref, err, want)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Fatalf("content leaked: %v", err)
		}
	}
	if _, _, err := tree.ReadReferenced(unit, "missing.env", 1<<20); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing: %v", err)
	}
}

func TestReadBodyCaps(t *testing.T) {
	b := NewBudget(130) // a refused body still spends what was read
	if _, err := ReadBody(bytes.NewReader(make([]byte, 61)), 60, b); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("per-response cap: %v", err)
	}
	got, err := ReadBody(bytes.NewReader(make([]byte, 60)), 60, b)
	if err != nil || len(got) != 60 {
		t.Fatalf("within caps: %d, %v", len(got), err)
	}
	// 9 bytes left of the total: a 50-byte body exceeds the budget.
	if _, err := ReadBody(bytes.NewReader(make([]byte, 50)), 60, b); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "total") {
		t.Fatalf("total cap: %v", err)
	}
	// The refused body's bytes were read: the budget is spent.
	if b.Left() != 0 {
		t.Fatalf("left %d, want 0", b.Left())
	}
	if _, err := ReadBody(bytes.NewReader(make([]byte, 10)), 60, b); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("after the budget is spent: %v", err)
	}
}

// TestReadBodyConcurrent: a read in progress holds no more of the
// budget than it has read, so a second read at the same time is not
// refused for room the first one never uses.
func TestReadBodyConcurrent(t *testing.T) {
	b := NewBudget(100)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := ReadBody(pr, 60, b)
		done <- err
	}()
	if _, err := pw.Write(make([]byte, 5)); err != nil { // the first read has begun
		t.Fatal(err)
	}
	got, err := ReadBody(bytes.NewReader(make([]byte, 50)), 60, b)
	if err != nil || len(got) != 50 {
		t.Fatalf("second read while the first is open: %d, %v", len(got), err)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatalf("first read: %v", err)
	}
	if b.Left() != 45 {
		t.Fatalf("left %d, want 45", b.Left())
	}
}

func TestRedacted(t *testing.T) {
	for in, want := range map[string]string{
		"--initial-cluster a=http://u:sekret@10.0.0.1:2380,b=https://v:p%40ss@h:2380": "--initial-cluster a=http://u:REDACTED@10.0.0.1:2380,b=https://v:REDACTED@h:2380",
		"ETCD_X=unix://user:pw@sock":         "ETCD_X=unix://user:REDACTED@sock",
		"http://10.0.0.1:2380 and mail@host": "http://10.0.0.1:2380 and mail@host",
		`"http://u:pw@h"`:                    `"http://u:REDACTED@h"`,
		"no url here":                        "no url here",
	} {
		if got := Redacted(in); got != want {
			t.Errorf("Redacted(%q) = %q, want %q", in, got, want)
		}
	}
}
