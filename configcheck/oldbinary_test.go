package configcheck_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/rules"
)

// TestFlagTableAgainstOldBinaries asks real etcd binaries which flags
// they define and compares with the flag table. Each flag is passed after
// --version, so etcd only parses flags and exits: an unknown flag fails
// with "flag provided but not defined", a known one with "flag needs an
// argument" or prints the version.
func TestFlagTableAgainstOldBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	cat := loadCatalog(t)
	for _, version := range []string{"3.4.25", "3.5.20", "3.6.16", "3.7.3"} {
		t.Run(version, func(t *testing.T) {
			bin := etcdtest.Binary(t, version)
			v := rules.MustParseVersion(version)
			for _, f := range cat.Flags() {
				if f.Ignored {
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				cmd := exec.CommandContext(ctx, bin, "--version", "--"+f.Name)
				cmd.Dir = t.TempDir()
				cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				_ = cmd.Run()
				cancel()
				defined := !strings.Contains(out.String(), "flag provided but not defined")
				if defined != f.In(v) {
					t.Errorf("--%s: etcd %s defines it: %v; the flag table says %v", f.Name, version, defined, f.In(v))
				}
			}
		})
	}
}

// TestOldBinaryRefusesShadowedEnv checks the checker's ES3407 against a
// real etcd 3.5 binary: a flag and its ETCD_* variable both set stop it.
func TestOldBinaryRefusesShadowedEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	unit := "[Service]\nEnvironment=ETCD_NAME=from-env\nExecStart=/usr/bin/etcd --name=from-flag\n"
	res, _ := runFiles(t, map[string]string{"etcd.service": unit}, []string{"etcd.service"}, "3.4", "3.5.20", nil)
	found := false
	for _, f := range res.Report.Findings {
		found = found || f.Rule == "ES3407" && f.Severity == rules.Error
	}
	if !found {
		t.Fatalf("checker did not report ES3407: %+v", res.Report.Findings)
	}
	bin := etcdtest.Binary(t, "3.5.20")
	cport, pport := freePort(t), freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--name=from-flag", "--data-dir="+t.TempDir(),
		fmt.Sprintf("--listen-client-urls=http://127.0.0.1:%d", cport), fmt.Sprintf("--advertise-client-urls=http://127.0.0.1:%d", cport),
		fmt.Sprintf("--listen-peer-urls=http://127.0.0.1:%d", pport), fmt.Sprintf("--initial-advertise-peer-urls=http://127.0.0.1:%d", pport),
		fmt.Sprintf("--initial-cluster=from-flag=http://127.0.0.1:%d", pport))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "ETCD_NAME=from-env"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("etcd 3.5.20 kept running with a shadowed variable:\n%s", out.String())
	}
	if err == nil || !strings.Contains(out.String(), "conflicting environment variable is shadowed by corresponding command-line flag") {
		t.Fatalf("etcd 3.5.20 did not refuse the shadowed variable (err %v):\n%s", err, out.String())
	}
}

// TestOldBinaryIgnoresRemovedKey checks the checker's reading of removed
// config-file keys against a real etcd 3.6 binary: etcd starts and
// silently drops the key, which is why the checker reports it.
func TestOldBinaryIgnoresRemovedKey(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	cport, pport := freePort(t), freePort(t)
	conf := fmt.Sprintf("name: m1\ndata-dir: %s\nlisten-client-urls: http://127.0.0.1:%d\nadvertise-client-urls: http://127.0.0.1:%d\nlisten-peer-urls: http://127.0.0.1:%d\ninitial-advertise-peer-urls: http://127.0.0.1:%d\ninitial-cluster: m1=http://127.0.0.1:%d\nenable-v2: true\nlog-level: error\n",
		filepath.ToSlash(t.TempDir()), cport, cport, pport, pport, pport)
	res, dir := runFiles(t, map[string]string{"etcd.conf.yml": conf}, []string{"etcd.conf.yml"}, "3.5", "3.6.16", nil)
	found := false
	for _, f := range res.Report.Findings {
		found = found || f.Rule == "ES3601" && f.Location.Line == 8
	}
	if !found {
		t.Fatalf("checker did not report the removed key: %+v", res.Report.Findings)
	}
	bin := etcdtest.Binary(t, "3.6.16")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--config-file="+filepath.Join(dir, "etcd.conf.yml"))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	client := &http.Client{Timeout: time.Second}
	for ctx.Err() == nil {
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/health", cport))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return // started: the key was dropped without an error
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("etcd 3.6.16 did not become healthy:\n%s", out.String())
}
