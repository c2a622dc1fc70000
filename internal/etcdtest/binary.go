package etcdtest

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/etcdlint/etcdlint/rules"
)

// BuildTimeout bounds building one etcd binary from the module proxy.
const BuildTimeout = 8 * time.Minute

// Binary returns the path of a real etcd binary of the given version
// (X.Y.Z), built once from the Go module proxy and cached under the user
// cache dir, keyed by version and platform. From 3.5 the main package is
// go.etcd.io/etcd/server/v3 at vX.Y.Z; for 3.4, it is the root of module
// go.etcd.io/etcd, which has no v3 tags the proxy serves: the pseudo-version
// of the patch's tagged commit is read from the catalog (rules/data/releases.toml).
// Before 3.4 etcd had no go.mod: the main package is the root of
// github.com/coreos/etcd, built in the module that testdata/build/X.Y.Z.mod
// and .sum pin to the dependency revisions the release vendored (with the
// Go toolchain its toolchain line names, when there is one); a version with
// no such files is refused.
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
	b, err := buildModule(version, replaces)
	if err != nil {
		t.Fatalf("building etcd %s: %v", version, err)
	}
	switch {
	case b.pinned:
		key += fmt.Sprintf("-p%08x", crc32.ChecksumIEEE(append(slices.Clone(b.gomod), b.gosum...)))
	case bytes.Contains(b.gomod, []byte(oldMux)):
		key += "-mux121"
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
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), b.gomod, 0o644); err != nil {
		t.Fatal(err)
	}
	if b.gosum != nil {
		if err := os.WriteFile(filepath.Join(mod, "go.sum"), b.gosum, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), BuildTimeout)
	defer cancel()
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	mode := "-mod=mod"
	if b.pinned {
		mode = "-mod=readonly" // the pins are complete: nothing floats to another version
	}
	env := append(os.Environ(), "GOFLAGS="+mode+" -buildvcs=false", "GOWORK=off", "CGO_ENABLED=0")
	if b.toolchain != "" {
		env = append(env, "GOTOOLCHAIN="+b.toolchain)
	}
	run := func(args ...string) {
		cmd := exec.CommandContext(ctx, goCmd, args...)
		cmd.Dir = mod
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("building etcd %s (go %s): %v\n%s", version, strings.Join(args, " "), err, out)
		}
	}
	how := ""
	if b.toolchain != "" {
		how = " with " + b.toolchain
	}
	t.Logf("building etcd %s from the module proxy (%s@%s%s, cached in %s)", version, b.path, b.version, how, dir)
	run("mod", "download", b.path)
	run("build", "-o", tmp, b.path)
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatalf("caching etcd %s: %v", version, err)
	}
	return bin
}

// build is the module that builds one etcd version.
type build struct {
	path, version string // the module of etcd's main package
	gomod, gosum  []byte
	pinned        bool   // gomod and gosum pin every dependency
	toolchain     string // the Go toolchain to build with ("" for the go command's own)
}

// pins holds the build modules of the etcd releases that predate go.mod.
//
//go:embed testdata/build
var pins embed.FS

// TryBinary is Binary returning the failure as an error instead of
// failing the test: for a caller that skips when the module proxy cannot
// be reached.
func TryBinary(t testing.TB, version string) (string, error) {
	rec := &fatalRecorder{TB: t}
	var bin string
	done := make(chan struct{})
	go func() {
		defer close(done)
		bin = Binary(rec, version)
	}()
	<-done
	if rec.msg != "" {
		return "", errors.New(rec.msg)
	}
	return bin, nil
}

// fatalRecorder turns Fatal into a message (the calling goroutine stops).
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Fatal(args ...any) { f.msg = fmt.Sprint(args...); runtime.Goexit() }
func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fatalRecorder) Helper() {}

// oldMux keeps net/http's ServeMux patterns as Go 1.21 read them, in
// the build of a release before 3.5: from Go 1.22 a pattern holding a
// blank is "METHOD /path", and etcd 3.3's and 3.4's pprof route
// "/debug/pprof/trace " makes the server panic at start with
// --enable-pprof. Those releases were built with older Go, whose mux
// took the route as it is.
const oldMux = "\ngodebug httpmuxgo121=1\n"

// oldRoot is the module whose root package is etcd's main before 3.4.
const oldRoot = "github.com/coreos/etcd"

// buildModule returns the build module of an etcd version (X.Y.Z).
func buildModule(version string, replaces []string) (build, error) {
	v, err := rules.ParseVersion(version)
	if err != nil || !v.HasPatch {
		return build{}, fmt.Errorf("etcd version %q: want X.Y.Z", version)
	}
	if v.Less(rules.Version{Major: 3, Minor: 4}) {
		if len(replaces) > 0 {
			return build{}, fmt.Errorf("etcd %s is built from pinned modules: add the replace to testdata/build/%s.mod", version, version)
		}
		return pinnedModule(version)
	}
	b := build{path: "go.etcd.io/etcd/server/v3", version: "v" + version}
	if !v.AtLeast(rules.Version{Major: 3, Minor: 5}) {
		cat, err := rules.Load()
		if err != nil {
			return build{}, fmt.Errorf("loading the catalog for the module of etcd %s: %w", version, err)
		}
		const root = "go.etcd.io/etcd"
		mv, ok := cat.ModuleVersion(root, v)
		if !ok {
			return build{}, fmt.Errorf("the catalog pins no %s module version for etcd %s (rules/data/releases.toml [[release.module]])", root, version)
		}
		b.path, b.version = root, mv
	}
	// 3.4.25's own requirements (x/sys, x/net, grpc of 2023) build with
	// the Go release here as they are: no dependency is upgraded.
	gomod := fmt.Sprintf("module etcdlinttestbuild\n\ngo 1.26.0\n\nrequire %s %s\n", b.path, b.version)
	if b.path == "go.etcd.io/etcd" {
		gomod += oldMux
	}
	for _, r := range replaces {
		gomod += "\nreplace " + r + "\n"
	}
	b.gomod = []byte(gomod)
	return b, nil
}

// pinnedModule reads the build module of an etcd release before 3.4 from
// testdata/build and checks that it requires that release.
func pinnedModule(version string) (build, error) {
	name := path.Join("testdata/build", version+".mod")
	gomod, err := pins.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return build{}, fmt.Errorf("etcd %s predates go.mod and testdata/build has no %s.mod pinning its dependencies", version, version)
	}
	if err != nil {
		return build{}, fmt.Errorf("reading the pins of etcd %s: %w", version, err)
	}
	gosum, err := pins.ReadFile(path.Join("testdata/build", version+".sum"))
	if err != nil {
		return build{}, fmt.Errorf("reading the checksums of etcd %s: %w", version, err)
	}
	f, err := modfile.Parse(name, gomod, nil)
	if err != nil {
		return build{}, fmt.Errorf("parsing the pins of etcd %s: %w", version, err)
	}
	b := build{path: oldRoot, gomod: gomod, gosum: gosum, pinned: true}
	for _, r := range f.Require {
		if r.Mod.Path == oldRoot {
			b.version = r.Mod.Version
		}
	}
	if want := "v" + version + "+incompatible"; b.version != want {
		return build{}, fmt.Errorf("%s requires %s %q, want %s", name, oldRoot, b.version, want)
	}
	if f.Toolchain != nil {
		b.toolchain = f.Toolchain.Name
	}
	return b, nil
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
	// Capnslog marks an etcd before 3.4, which logs with capnslog and has
	// no --log-level flag: the process keeps its default log level.
	Capnslog bool
	Args     []string
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
	}
	if !s.Capnslog {
		args = append(args, "--log-level", "warn")
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
