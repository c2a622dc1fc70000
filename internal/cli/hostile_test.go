package cli

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileTree lays out a temporary tree: repo/ (what is checked) and
// out/ (outside it, with a victim file and a secret env file). snapshot
// records every file's content so a test can prove nothing outside the
// checked tree changed.
type hostileTree struct {
	root, repo, out string
}

func newHostileTree(t *testing.T) *hostileTree {
	t.Helper()
	root := t.TempDir()
	h := &hostileTree{root: root, repo: filepath.Join(root, "repo"), out: filepath.Join(root, "out")}
	h.write(t, "out/victim", "precious\n")
	h.write(t, "out/x.env", "ETCD_NAME=outside-secret-value\nETCD_ENABLE_V2=true\n")
	return h
}

func (h *hostileTree) write(t *testing.T, rel, content string) string {
	t.Helper()
	p := filepath.Join(h.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (h *hostileTree) link(t *testing.T, target, rel string) {
	t.Helper()
	p := filepath.Join(h.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// outside returns the content of every regular file under out/.
func (h *hostileTree) outside(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(h.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// etcdlint runs the CLI in dir within a generous deadline (a hang
// check) and returns its exit code and combined output.
func etcdlint(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- Main(context.Background(), &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Dir: dir, Getenv: func(string) string { return "" }}, args)
	}()
	select {
	case c := <-code:
		return c, out.String()
	case <-time.After(2 * time.Minute):
		t.Fatalf("etcdlint %v hung", args)
		return 0, ""
	}
}

func checkOutsideUnchanged(t *testing.T, h *hostileTree, before map[string]string) {
	t.Helper()
	after := h.outside(t)
	for p, c := range before {
		if after[p] != c {
			t.Errorf("%s outside the tree changed: %q -> %q", p, c, after[p])
		}
	}
}

const envWithV2 = "ETCD_NAME=a\nETCD_ENABLE_V2=true\n"

func TestHostileFixPlantedTempSymlink(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "repo/etcd.env", envWithV2)
	h.link(t, filepath.Join(h.out, "victim"), "repo/etcd.env.etcdlint-tmp")
	before := h.outside(t)
	code, out := etcdlint(t, h.repo, "config", "--target", "3.7", "--fix", ".")
	checkOutsideUnchanged(t, h, before)
	b, _ := os.ReadFile(filepath.Join(h.repo, "etcd.env"))
	if !strings.Contains(string(b), "# ETCD_ENABLE_V2=true") {
		t.Errorf("etcd.env not fixed: %q", b)
	}
	if code != ExitUsage || !strings.Contains(out, "etcd.env.etcdlint-tmp: symbolic link leading outside the checked tree: not read") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestHostileFixSymlinkedInput(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "out/etcd.env", envWithV2)
	h.link(t, filepath.Join(h.out, "etcd.env"), "repo/etcd.env")
	before := h.outside(t)
	// Named on the command line, the link is read; its target is outside
	// the tree, so --fix leaves it alone and says so.
	code, out := etcdlint(t, h.repo, "config", "--target", "3.7", "--fix", "etcd.env")
	checkOutsideUnchanged(t, h, before)
	if code != ExitUsage || !strings.Contains(out, "fixes not written: is a symbolic link: not written") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestHostileOutOfTreeReferences(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "repo/etcd.service", "[Service]\nEnvironmentFile="+filepath.Join(h.out, "x.env")+"\nEnvironmentFile=../out/x.env\nExecStart=/usr/bin/etcd --name a\n")
	h.write(t, "repo/docker-compose.yml", "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.0\n    command: [etcd, --name, b]\n    env_file: [../out/x.env]\n")
	before := h.outside(t)
	for _, format := range []string{"text", "json", "sarif"} {
		code, out := etcdlint(t, h.repo, "config", "--target", "3.7", "--fix", "--format", format, ".")
		checkOutsideUnchanged(t, h, before)
		if code != ExitUsage {
			t.Errorf("%s: exit %d, want %d", format, code, ExitUsage)
		}
		if strings.Contains(out, "outside-secret-value") {
			t.Errorf("%s: a value from a file outside the tree was printed:\n%s", format, out)
		}
		if n := strings.Count(out, "references "); n < 3 {
			t.Errorf("%s: %d \"references ..., not read\" messages, want 3:\n%s", format, n, out)
		}
	}
}

func TestHostileURLCredentials(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "repo/etcd.env", "ETCD_ENABLE_V2=true\nETCD_INITIAL_CLUSTER=a=http://bob:pw-sekret@10.0.0.1:2380\nETCD_NAME=a\n")
	for _, args := range [][]string{{"--format", "text"}, {"--format", "json"}, {"--format", "sarif"}, {"--diff"}} {
		_, out := etcdlint(t, h.repo, append([]string{"config", "--target", "3.7"}, append(args, ".")...)...)
		if strings.Contains(out, "pw-sekret") {
			t.Errorf("%v: the URL password was printed:\n%s", args, out)
		}
	}
}

func TestHostileFIFOAndDevices(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "repo/good.env", envWithV2)
	if err := syscall.Mkfifo(filepath.Join(h.repo, "etcd.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	code, out := etcdlint(t, h.repo, "config", "--target", "3.7", ".", "etcd.yaml", "/dev/zero")
	if code != ExitUsage || !strings.Contains(out, "etcd.yaml is a FIFO: not read") || !strings.Contains(out, "ES3601") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	if !strings.Contains(out, "/dev/zero") {
		t.Errorf("/dev/zero not reported:\n%s", out)
	}
}

func TestHostileMissingPathBesideGood(t *testing.T) {
	h := newHostileTree(t)
	h.write(t, "repo/good.env", envWithV2)
	code, out := etcdlint(t, h.repo, "config", "--target", "3.7", "/nonexistent.yml", "good.env")
	if code != ExitUsage || !strings.Contains(out, "/nonexistent.yml: cannot read: no such file or directory") || !strings.Contains(out, "ES3601") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestHostileConfigMapSymlinks(t *testing.T) {
	h := newHostileTree(t)
	// The layout kubelet gives a mounted ConfigMap.
	h.write(t, "repo/cm/..2026_01_01_00_00_00.1/etcd.env", envWithV2)
	h.link(t, "..2026_01_01_00_00_00.1", "repo/cm/..data")
	h.link(t, "..data/etcd.env", "repo/cm/etcd.env")
	// An explicit symlink to a directory is walked.
	h.link(t, "cm", "repo/linked")
	code, out := etcdlint(t, h.repo, "config", "--target", "3.7", "cm")
	if code != ExitOK || !strings.Contains(out, "cm/etcd.env:2:1: warning ES3601") {
		t.Errorf("ConfigMap layout: exit %d, output:\n%s", code, out)
	}
	code, out = etcdlint(t, h.repo, "config", "--target", "3.7", "linked")
	if code != ExitOK || !strings.Contains(out, "linked/etcd.env:2:1: warning ES3601") {
		t.Errorf("symlinked directory: exit %d, output:\n%s", code, out)
	}
}

func TestHostileUserPasswordWarning(t *testing.T) {
	dir := t.TempDir()
	code, out := etcdlint(t, dir, "probe", "--target", "3.7", "--endpoints", "127.0.0.1:1", "--timeout", "1s", "--user", "root:pw-in-argv")
	if !strings.Contains(out, "--user user:password leaves the password in the process list") {
		t.Errorf("no warning (exit %d):\n%s", code, out)
	}
	if strings.Contains(out, "pw-in-argv") {
		t.Errorf("the password was printed:\n%s", out)
	}
}
