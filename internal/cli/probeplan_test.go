package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/rules"
	"go.etcd.io/etcd/api/v3/version"
)

func TestPlanPointOfNoReturn(t *testing.T) {
	code, stdout, stderr := run(t, t.TempDir(), "plan", "--from", "3.4.20", "--to", "3.6")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"point of no return: once every member runs 3.5 the cluster version becomes 3.5.0",
		"there is no supported downgrade from 3.5",
		"etcdctl downgrade validate 3.5",
		"etcdctl --endpoints=$ENDPOINT snapshot save etcd-before-3.6.db",
		"etcdutl snapshot status etcd-before-3.6.db",
		"not checked by etcdlint (verify by hand): ",
		"etcdlint probe --verify-upgrade --target " + latestPatch(t, "3.6") + " --before members-before-3.6.json",
		"every member on 3.4.32 or later before 3.5 [EO3570]",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	// An advisory range the hop lands beyond is not on its checklist.
	if strings.Contains(stdout, "EV3670") {
		t.Errorf("plan to 3.6 lists EV3670 (3.6.0 to 3.6.10):\n%s", stdout)
	}
	code, stdout, _ = run(t, t.TempDir(), "plan", "--from", "3.5.20", "--to", "3.6", "--format", "json")
	var p plan
	if err := json.Unmarshal([]byte(stdout), &p); code != ExitOK || err != nil {
		t.Fatalf("json plan: exit %d, %v", code, err)
	}
	last := p.Steps[len(p.Steps)-1]
	if last.Kind != "minor" || !strings.Contains(last.PointOfNoReturn, "3.6.0") || len(last.Backup) != 3 {
		t.Errorf("minor step = %+v", last)
	}
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range last.NotChecked {
		if len(cat.Rule(r.ID).Detectors) != 0 {
			t.Errorf("%s is listed as not checked but has detectors", r.ID)
		}
	}
}

func TestProbeSaveVerifyExit(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	ep := c.Members[0].ClientURL
	dir := t.TempDir()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	// The version of the etcd linked into the test (embed), which the
	// cluster answers with.
	linked := version.Version
	if _, err := cat.Resolve(rules.MustParseVersion(linked)); err != nil {
		t.Fatalf("the linked etcd %s is not in the catalog: %v", linked, err)
	}
	code, _, stderr := run(t, dir, "probe", "--endpoints", ep, "--target", linked, "--save", "before.json")
	if code != ExitOK {
		t.Fatalf("probe --save: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "before.json"))
	if err != nil || !strings.Contains(string(b), `"members"`) {
		t.Fatalf("before.json: %v %s", err, b)
	}
	// A new cluster writes its storage version a moment after it is
	// ready: retry until verification passes or a minute has gone by.
	var stdout string
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		code, stdout, stderr = run(t, dir, "probe", "--endpoints", ep, "--target", linked, "--verify-upgrade", "--before", "before.json")
		if code == ExitOK || time.Now().After(deadline) {
			break
		}
	}
	if code != ExitOK {
		t.Errorf("verify at the running version: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, dir, "probe", "--endpoints", ep, "--target", "3.6", "--verify-upgrade", "--before", "before.json")
	if code != ExitFindings || !strings.Contains(stdout, "EO0072") {
		t.Errorf("verify against another target: exit %d, want %d with EO0072\n%s", code, ExitFindings, stdout)
	}
	for _, args := range [][]string{
		{"probe", "--endpoints", ep, "--verify-upgrade"},
		{"probe", "--endpoints", ep, "--target", linked, "--before", "before.json"},
		{"probe", "--endpoints", ep, "--target", linked, "--serve", "127.0.0.1:0", "--save", "x.json"},
	} {
		if code, _, _ := run(t, dir, args...); code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, ExitUsage)
		}
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"members":[]}`), 0o644)
	if code, _, stderr := run(t, dir, "probe", "--endpoints", ep, "--target", linked, "--verify-upgrade", "--before", "bad.json"); code != ExitUsage || !strings.Contains(stderr, "bad.json") {
		t.Errorf("bad --before: exit %d: %s", code, stderr)
	}
}

// latestPatch returns the newest patch the catalog knows of a release
// line, so that expected plan text follows a catalog update.
func latestPatch(t *testing.T, line string) string {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := cat.Resolve(rules.MustParseVersion(line))
	if err != nil {
		t.Fatal(err)
	}
	return v.String()
}
