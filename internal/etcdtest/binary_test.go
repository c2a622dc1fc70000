package etcdtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path"
	"strings"
	"testing"
	"time"
)

// pinnedVersions lists the releases testdata/build pins (X.Y.Z.mod).
func pinnedVersions(t *testing.T) []string {
	t.Helper()
	entries, err := pins.ReadDir("testdata/build")
	if err != nil {
		t.Fatal(err)
	}
	var vs []string
	for _, e := range entries {
		if v, ok := strings.CutSuffix(e.Name(), ".mod"); ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		t.Fatal("testdata/build pins no etcd release")
	}
	return vs
}

// Every pinned build module requires its own release of
// github.com/coreos/etcd and comes with checksums; a release before 3.4
// without pins is refused rather than built from floating dependencies.
func TestPinnedModules(t *testing.T) {
	for _, v := range pinnedVersions(t) {
		b, err := buildModule(v, nil)
		if err != nil {
			t.Errorf("%s: %v", v, err)
			continue
		}
		if !b.pinned || b.path != oldRoot || b.version != "v"+v+"+incompatible" || len(b.gosum) == 0 {
			t.Errorf("%s: build module %s@%s (pinned %t, %d bytes of go.sum)", v, b.path, b.version, b.pinned, len(b.gosum))
		}
	}
	if _, err := buildModule("3.1.20", nil); err == nil || !strings.Contains(err.Error(), "testdata/build") {
		t.Errorf("etcd 3.1.20 has no pins: got %v, want an error naming testdata/build", err)
	}
	if _, err := buildModule(pinnedVersions(t)[0], []string{"a => b v1.0.0"}); err == nil {
		t.Error("a replace for a pinned release was accepted")
	}
	b, err := buildModule("3.5.20", nil)
	if err != nil || b.pinned || b.path != "go.etcd.io/etcd/server/v3" || b.version != "v3.5.20" {
		t.Errorf("etcd 3.5.20: build module %s@%s (pinned %t), %v", b.path, b.version, b.pinned, err)
	}
}

// Each pinned release builds, reports its version, and serves as a
// one-member cluster on loopback ports, with pprof on: /health answers,
// /version names the release and /debug/pprof/ answers.
func TestPinnedBinariesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts real etcd binaries")
	}
	for _, v := range pinnedVersions(t) {
		t.Run(v, func(t *testing.T) {
			bin := binaryOrSkip(t, v)
			out, err := exec.Command(bin, "--version").CombinedOutput()
			if err != nil {
				t.Fatalf("etcd --version: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "etcd Version: "+v+"\n") {
				t.Fatalf("etcd --version says:\n%s", out)
			}
			ports := FreePorts(t, 2)
			p := StartProc(t, ProcSpec{
				Binary:         bin,
				Name:           "m0",
				Dir:            t.TempDir(),
				ClientPort:     ports[0],
				PeerPort:       ports[1],
				InitialCluster: fmt.Sprintf("m0=http://127.0.0.1:%d", ports[1]),
				Token:          "pinned-" + v,
				Capnslog:       true,
				// pprof's routes are what Go 1.22's ServeMux refuses
				// (see oldMux): the server must still serve with them.
				Args: []string{"--enable-pprof"},
			})
			WaitReady(t, p)
			c := &http.Client{Timeout: 5 * time.Second}
			resp, err := c.Get(p.ClientURL + "/version")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			pp, err := c.Get(p.ClientURL + "/debug/pprof/")
			if err != nil {
				t.Fatal(err)
			}
			pp.Body.Close()
			if pp.StatusCode != http.StatusOK {
				t.Errorf("/debug/pprof/ answers %s", pp.Status)
			}
			var ver struct{ Etcdserver string }
			if err := json.Unmarshal(body, &ver); err != nil || ver.Etcdserver != v {
				t.Fatalf("/version answers %s (%v), want etcdserver %s", body, err, v)
			}
			log, err := os.ReadFile(p.Log)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(log), " | etcdmain: etcd Version: "+v) {
				t.Errorf("the log is not capnslog's:\n%s", tail(p.Log))
			}
		})
	}
}

// binaryOrSkip builds a release with Binary; the test skips when the
// module proxy cannot be reached and fails on any other build error.
func binaryOrSkip(t *testing.T, version string) string {
	t.Helper()
	bin, err := TryBinary(t, version)
	if err == nil {
		return bin
	}
	if perr := proxyReachable(version); perr != nil {
		t.Skipf("the module proxy cannot be reached (%v): etcd %s is not built: %v", perr, version, err)
	}
	t.Fatal(err)
	return ""
}

// proxyReachable asks the first module proxy GOPROXY names for the
// release's module version.
func proxyReachable(version string) error {
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		return fmt.Errorf("go env GOPROXY: %w", err)
	}
	setting := strings.TrimSpace(string(out))
	first, _, _ := strings.Cut(strings.ReplaceAll(setting, "|", ","), ",")
	switch first {
	case "off", "":
		return fmt.Errorf("GOPROXY=%s", setting)
	case "direct":
		return nil
	}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(strings.TrimSuffix(first, "/") + "/" + path.Join(oldRoot, "@v", "v"+version+"+incompatible.info"))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answers %s", first, resp.Status)
	}
	return nil
}
