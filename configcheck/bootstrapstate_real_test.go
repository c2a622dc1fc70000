package configcheck_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
)

// bootstrapFindings runs the checker on a unit starting etcd with args
// and keeps the bootstrap findings (ES3302 included: it is the
// advertised-URL check these rules build on).
func bootstrapFindings(t *testing.T, target string, args []string) []report.Finding {
	t.Helper()
	unit := "[Service]\nExecStart=/usr/bin/etcd " + strings.Join(args, " ") + "\n"
	res, _ := runFiles(t, map[string]string{"etcd.service": unit}, []string{"etcd.service"}, target, target, nil)
	var out []report.Finding
	for _, f := range res.Report.Findings {
		if slices.Contains(bootstrapRules, f.Rule) || f.Rule == "ES3302" {
			out = append(out, f)
		}
	}
	return out
}

// TestBootstrapAgainstBinary starts a real etcd 3.6.16 on an empty data
// dir with each --initial-cluster and compares what it does with what
// the checks say.
func TestBootstrapAgainstBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	const target = "3.6.16"
	bin := etcdtest.Binary(t, target)
	for _, tc := range []struct {
		name  string
		self  string // the member's --name
		state string
		// cluster is --initial-cluster with P1, P2, P3 standing for peer
		// URLs; the member advertises adv (P1 unless set).
		cluster, adv string
		exits        bool
		log          string   // what the exiting etcd logs
		rules        []string // the bootstrap rules the check must report
	}{
		{"name not listed, new", "m2", "new", "m1=P1", "", true, `couldn't find local name \"m2\" in the initial cluster configuration`, []string{"ES0096"}},
		{"name not listed, existing", "m4", "existing", "m1=P1,m2=P2,m3=P3", "", true, `couldn't find local name \"m4\" in the initial cluster configuration`, []string{"ES0096"}},
		{"duplicate url, new", "m1", "new", "m1=P1,m2=P1", "", true, "has duplicate url", []string{"ES0098"}},
		{"duplicate url, existing", "m1", "existing", "m1=P1,m2=P2,m3=P2", "", true, "has duplicate url", []string{"ES0098"}},
		{"repeated name, that member", "m2", "new", "m1=P1,m2=P2,m2=P3", "P2", true, "but missing from --initial-advertise-peer-urls", []string{"ES0099", "ES3302"}},
		{"repeated name, the lost member", "m3", "new", "m1=P1,m2=P2,m2=P3", "P3", true, `couldn't find local name \"m3\" in the initial cluster configuration`, []string{"ES0096", "ES0099"}},
		{"control", "m1", "new", "m1=P1", "", false, "", nil},
		{"member with two peer URLs", "m1", "new", "m1=P1,m1=P2", "P1,P2", false, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ports := etcdtest.FreePorts(t, 4)
			curl := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
			p := func(i int) string { return fmt.Sprintf("http://127.0.0.1:%d", ports[i]) }
			expand := strings.NewReplacer("P1", p(1), "P2", p(2), "P3", p(3))
			adv := tc.adv
			if adv == "" {
				adv = "P1"
			}
			adv = expand.Replace(adv)
			args := []string{"--name=" + tc.self, "--data-dir=" + t.TempDir(),
				"--listen-client-urls=" + curl, "--advertise-client-urls=" + curl,
				"--listen-peer-urls=" + adv, "--initial-advertise-peer-urls=" + adv,
				"--initial-cluster=" + expand.Replace(tc.cluster), "--initial-cluster-token=bootstrap-test",
				"--initial-cluster-state=" + tc.state, "--log-level=warn"}
			var got []string
			for _, f := range bootstrapFindings(t, target, args) {
				got = append(got, f.Rule)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.rules) {
				t.Errorf("check reported %v, want %v", got, tc.rules)
			}
			if tc.exits {
				code, out := runToExit(t, bin, args)
				if code == 0 || !strings.Contains(out, tc.log) {
					t.Fatalf("etcd %s exited %d without %q:\n%s", target, code, tc.log, out)
				}
				t.Logf("etcd %s exits %d: %s", target, code, fatalError(out))
				return
			}
			r := startEtcd(t, bin, args)
			if waitExitOrHealthy(t, r, curl, &http.Client{Timeout: time.Second}) {
				t.Fatalf("etcd %s exited:\n%s", target, r.output())
			}
		})
	}
}

// fatalError returns the error of etcd's fatal log line, or the log.
func fatalError(log string) string {
	for _, l := range strings.Split(log, "\n") {
		var e struct{ Level, Msg, Error string }
		if json.Unmarshal([]byte(l), &e) == nil && e.Level == "fatal" {
			return e.Msg + ": " + e.Error
		}
	}
	return log
}

// runToExit runs etcd until it exits (within the start timeout) and
// returns its exit code and output.
func runToExit(t *testing.T, bin string, args []string) (int, string) {
	t.Helper()
	ctx := etcdtest.Context(t, etcdtest.StartTimeout)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running etcd: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("etcd did not exit within %s:\n%s", etcdtest.StartTimeout, out)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestReplicaRestartWithNewAgainstBinary is ES0095 on real etcd 3.6.16: a
// three-member cluster bootstrapped with new and the default token (which
// etcd accepts; ES0097 only warns) runs, one member loses its data dir
// and restarts with the same flags, new included, and exits; removing
// and re-adding it, then starting it with existing, works.
func TestReplicaRestartWithNewAgainstBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	const target = "3.6.16"
	bin := etcdtest.Binary(t, target)
	ports := etcdtest.FreePorts(t, 6)
	var cluster []string
	for i := 0; i < 3; i++ {
		cluster = append(cluster, fmt.Sprintf("m%d=http://127.0.0.1:%d", i, ports[2*i+1]))
	}
	spec := func(i int, dir string, args ...string) etcdtest.ProcSpec {
		return etcdtest.ProcSpec{Binary: bin, Name: fmt.Sprintf("m%d", i), Dir: dir,
			ClientPort: ports[2*i], PeerPort: ports[2*i+1],
			InitialCluster: strings.Join(cluster, ","), Token: "etcd-cluster", Args: args}
	}
	var procs []*etcdtest.Proc
	for i := 0; i < 3; i++ {
		procs = append(procs, etcdtest.StartProc(t, spec(i, t.TempDir(), "--initial-cluster-state=new")))
	}
	etcdtest.WaitReady(t, procs...)

	// The check warns about the StatefulSet fixture, whose three replicas
	// share these flags.
	rep := runDeploy(t, "bootstrap/statefulset.yaml", "3.6")
	if !has(rep, "ES0095", 0) || !has(rep, "ES0097", 0) {
		t.Fatalf("check did not report ES0095 and ES0097 on the StatefulSet: %v", bootstrapOnly(rep))
	}

	// m2's volume is replaced: same flags, empty data dir.
	procs[2].Stop()
	args := []string{"--name=m2", "--data-dir=" + t.TempDir(),
		"--listen-client-urls=" + procs[2].ClientURL, "--advertise-client-urls=" + procs[2].ClientURL,
		"--listen-peer-urls=" + procs[2].PeerURL, "--initial-advertise-peer-urls=" + procs[2].PeerURL,
		"--initial-cluster=" + strings.Join(cluster, ","), "--initial-cluster-token=etcd-cluster",
		"--initial-cluster-state=new", "--log-level=warn"}
	code, out := runToExit(t, bin, args)
	if code == 0 || !strings.Contains(out, "has already been bootstrapped") {
		t.Fatalf("etcd %s with new on a wiped member exited %d without \"has already been bootstrapped\":\n%s", target, code, out)
	}
	t.Logf("etcd %s with new on a wiped member exits %d: %s", target, code, fatalError(out))

	ctx := etcdtest.Context(t, etcdtest.StartTimeout)
	c, err := clientv3.New(clientv3.Config{Endpoints: []string{procs[0].ClientURL}, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// The remedy: remove and re-add the member, start it with existing.
	ml, err := c.MemberList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id uint64
	for _, m := range ml.Members {
		if m.Name == "m2" {
			id = m.ID
		}
	}
	if id == 0 {
		t.Fatalf("m2 not in the member list: %v", ml.Members)
	}
	// etcd refuses member changes until the members have been connected
	// for its health interval (5s): retry while it says unhealthy.
	retry := func(what string, f func() error) {
		for {
			err := f()
			if err == nil {
				return
			}
			if !errors.Is(err, rpctypes.ErrUnhealthy) {
				t.Fatalf("%s: %v", what, err)
			}
			select {
			case <-ctx.Done():
				t.Fatalf("%s: %v", what, err)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	retry("member remove", func() error { _, err := c.MemberRemove(ctx, id); return err })
	retry("member add", func() error { _, err := c.MemberAdd(ctx, []string{procs[2].PeerURL}); return err })
	back := etcdtest.StartProc(t, spec(2, t.TempDir(), "--initial-cluster-state=existing"))
	etcdtest.WaitReady(t, back)
	if _, err := c.Put(ctx, "after-rejoin", "ok"); err != nil {
		t.Fatal(err)
	}
}
