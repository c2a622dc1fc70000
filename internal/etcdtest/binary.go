package etcdtest

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/rules"
)

// BuildTimeout bounds building one etcd binary from the module proxy.
const BuildTimeout = 8 * time.Minute

// Binary returns the path of a real etcd binary of the given version
// (X.Y.Z), built once from the Go module proxy and cached under the user
// cache dir, keyed by version and platform. From 3.5 the main package is
// go.etcd.io/etcd/server/v3 at vX.Y.Z; before, it is the root of module
// go.etcd.io/etcd, which has no v3 tags the proxy serves: the pseudo-version
// of the patch's tagged commit is read from the catalog (rules/data/releases.toml).
//
// replaces are go.mod replace directives ("old => new vX.Y.Z") for a
// dependency version the proxy does not serve; they are part of the key.
func Binary(t testing.TB, version string, replaces ...string) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "etcdlint-test")
	key := version
	if len(replaces) > 0 {
		key += fmt.Sprintf("-r%08x", crc32.ChecksumIEEE([]byte(strings.Join(replaces, "\n"))))
	}
	bin := filepath.Join(dir, fmt.Sprintf("etcd-%s-%s-%s", key, runtime.GOOS, runtime.GOARCH))
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("cache dir: %v", err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("building etcd %s needs the go command: %v", version, err)
	}
	modPath, modVersion, err := mainModule(version)
	if err != nil {
		t.Fatalf("building etcd %s: %v", version, err)
	}
	mod := t.TempDir()
	// 3.4.25's own requirements (x/sys, x/net, grpc of 2023) build with
	// the Go release here as they are: no dependency is upgraded.
	gomod := fmt.Sprintf("module etcdlinttestbuild\n\ngo 1.26.0\n\nrequire %s %s\n", modPath, modVersion)
	for _, r := range replaces {
		gomod += "\nreplace " + r + "\n"
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), BuildTimeout)
	defer cancel()
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	run := func(args ...string) {
		cmd := exec.CommandContext(ctx, goCmd, args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off", "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("building etcd %s (go %s): %v\n%s", version, strings.Join(args, " "), err, out)
		}
	}
	t.Logf("building etcd %s from the module proxy (%s@%s, cached in %s)", version, modPath, modVersion, dir)
	run("mod", "download", modPath)
	run("build", "-o", tmp, modPath)
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatalf("caching etcd %s: %v", version, err)
	}
	return bin
}

// mainModule returns the module whose root package is etcd's main for a
// version (X.Y.Z), and the module version to require.
func mainModule(version string) (path, modVersion string, err error) {
	v, err := rules.ParseVersion(version)
	if err != nil || !v.HasPatch {
		return "", "", fmt.Errorf("etcd version %q: want X.Y.Z", version)
	}
	if v.AtLeast(rules.Version{Major: 3, Minor: 5}) {
		return "go.etcd.io/etcd/server/v3", "v" + version, nil
	}
	cat, err := rules.Load()
	if err != nil {
		return "", "", fmt.Errorf("loading the catalog for the module of etcd %s: %w", version, err)
	}
	const root = "go.etcd.io/etcd"
	mv, ok := cat.ModuleVersion(root, v)
	if !ok {
		return "", "", fmt.Errorf("the catalog pins no %s module version for etcd %s (rules/data/releases.toml [[release.module]])", root, version)
	}
	return root, mv, nil
}

// Proc is an etcd process.
type Proc struct {
	Name      string
	Dir       string
	ClientURL string
	PeerURL   string
	Log       string

	cmd  *exec.Cmd
	done chan struct{}
}

// ProcSpec describes an etcd process to start.
type ProcSpec struct {
	Binary         string
	Name           string
	Dir            string
	ClientPort     int
	PeerPort       int
	InitialCluster string
	Token          string
	// AdvertisePeerURL, when set, is advertised instead of the peer
	// listener's URL (a PeerProxy's URL, say).
	AdvertisePeerURL string
	Args             []string
}

// StartProc starts an etcd process; it is killed when the test ends. It
// does not wait for readiness (members of a new cluster need each other):
// call WaitReady.
func StartProc(t testing.TB, s ProcSpec) *Proc {
	t.Helper()
	p := &Proc{
		Name:      s.Name,
		Dir:       s.Dir,
		ClientURL: fmt.Sprintf("http://127.0.0.1:%d", s.ClientPort),
		PeerURL:   fmt.Sprintf("http://127.0.0.1:%d", s.PeerPort),
		Log:       filepath.Join(t.TempDir(), s.Name+".log"),
		done:      make(chan struct{}),
	}
	advertise := p.PeerURL
	if s.AdvertisePeerURL != "" {
		advertise = s.AdvertisePeerURL
	}
	args := []string{
		"--name", s.Name,
		"--data-dir", s.Dir,
		"--listen-client-urls", p.ClientURL,
		"--advertise-client-urls", p.ClientURL,
		"--listen-peer-urls", p.PeerURL,
		"--initial-advertise-peer-urls", advertise,
		"--initial-cluster", s.InitialCluster,
		"--initial-cluster-token", s.Token,
		"--log-level", "warn",
	}
	args = append(args, s.Args...)
	logf, err := os.Create(p.Log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(s.Binary, args...)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("starting %s: %v", s.Binary, err)
	}
	go func() {
		p.cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	t.Cleanup(p.Stop)
	return p
}

// Exited is closed once the process has exited.
func (p *Proc) Exited() <-chan struct{} { return p.done }

// Stop terminates the process and waits for it (idempotent).
func (p *Proc) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// WaitReady waits until every process answers /health with true.
func WaitReady(t testing.TB, procs ...*Proc) {
	t.Helper()
	deadline := time.Now().Add(StartTimeout)
	c := &http.Client{Timeout: time.Second}
	for _, p := range procs {
		for {
			select {
			case <-p.done:
				t.Fatalf("%s exited: %s", p.Name, tail(p.Log))
			default:
			}
			resp, err := c.Get(p.ClientURL + "/health")
			if err == nil {
				ok := resp.StatusCode == http.StatusOK
				resp.Body.Close()
				if ok {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not healthy within %s: %s", p.Name, StartTimeout, tail(p.Log))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "(no log)"
		}
		return err.Error()
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}
