package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs etcdlint in dir with args and returns the exit code and output.
func run(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Dir:    dir,
		Getenv: func(string) string { return "" },
	}
	code = Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A config 3.7 gets wrong: a safety check turned on by a key 3.7 drops.
const brokenConfig = `name: m1
data-dir: /var/lib/etcd
experimental-initial-corrupt-check: true
`

// A config valid on every version from 3.5 to 3.7.
const cleanConfig = `name: m1
data-dir: /var/lib/etcd
snapshot-count: 10000
listen-client-urls: http://127.0.0.1:2379
advertise-client-urls: http://127.0.0.1:2379
`

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "etcd.yml", cleanConfig)
	writeFile(t, dir, "binary.yml", "\x00\x01\x02\xff\xfe")
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Usage: etcdlint"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"config", "--bogus", "etcd.yml"}, "unknown flag: --bogus"},
		{[]string{"config", "--target", "3.x", "etcd.yml"}, `--target: invalid etcd version "3.x"`},
		{[]string{"config", "--target", "3.9", "etcd.yml"}, "newer than this catalog knows"},
		{[]string{"config", "--from", "3.7", "--target", "3.5", "etcd.yml"}, "downgrade"},
		{[]string{"config", "--fail-on", "sometimes", "etcd.yml"}, "--fail-on: invalid severity"},
		{[]string{"config", "--format", "yaml", "etcd.yml"}, `invalid argument "yaml" for "--format"`},
		{[]string{"config"}, "no config given"},
		{[]string{"config", "missing.yml"}, "missing.yml: no such file or directory"},
		{[]string{"code", "-C", "nodir"}, "nodir: not a directory"},
		{[]string{"check", "--code", "nodir"}, "nodir: not a directory"},
		{[]string{"config", "--config", "missing.toml", "etcd.yml"}, "missing.toml"},
		{[]string{"config", "--format", "json", "--format", "text", "etcd.yml"}, "two formats write to -"},
		{[]string{"plan", "--to", "3.7"}, "no --from"},
		{[]string{"plan", "--from", "3.7", "--to", "3.5"}, "downgrade"},
		{[]string{"plan", "--from", "banana"}, "invalid etcd version"},
		{[]string{"rules", "EX9999"}, `unknown rule "EX9999"`},
		{[]string{"rules", "--surface", "moon"}, `--surface "moon"`},
		{[]string{"probe"}, "nothing to probe"},
		{[]string{"check"}, "nothing to check"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, dir, tt.args...)
		if code != ExitUsage {
			t.Errorf("etcdlint %s: exit %d, want %d (stderr %q)", strings.Join(tt.args, " "), code, ExitUsage, stderr)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("etcdlint %s: stderr %q, want it to contain %q", strings.Join(tt.args, " "), stderr, tt.want)
		}
		if tt.args != nil && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "Usage") {
			t.Errorf("etcdlint %s: error is not one line: %q", strings.Join(tt.args, " "), stderr)
		}
		if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
			t.Errorf("etcdlint %s panicked: %s", strings.Join(tt.args, " "), stderr)
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"config", "--help"}, {"plan", "-h"}} {
		if code, _, stderr := run(t, t.TempDir(), args...); code != ExitOK || !strings.Contains(stderr, "Usage") {
			t.Errorf("etcdlint %v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken/etcd.yml", brokenConfig)
	writeFile(t, dir, "clean/etcd.yml", cleanConfig)
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "web/compose.yml", "services:\n  web:\n    image: nginx:1.25\n")
	writeFile(t, dir, "web/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n")
	writeFile(t, dir, "web/web.service", "[Service]\nExecStart=/usr/bin/docker run --rm -p 80:80 nginx:1.25\n")
	writeFile(t, dir, "node/etc/systemd/system/etcd.service", "[Service]\nEnvironmentFile=/etc/etcd/etcd.env\nExecStart=/usr/local/bin/etcd\n")
	writeFile(t, dir, "node/etc/etcd/etcd.env", "ETCD_NAME=a\nETCD_LOGGER=capnslog\n")
	writeFile(t, dir, "node/etc/default/other.env", "ETCD_BACKUP_DIR=/backup\n")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings", []string{"config", "--from", "3.6", "--target", "3.7", "broken/etcd.yml"}, ExitFindings},
		{"findings json", []string{"config", "--from", "3.6", "--target", "3.7", "--format", "json", "broken/etcd.yml"}, ExitFindings},
		{"findings but never fail", []string{"config", "--from", "3.6", "--target", "3.7", "--fail-on", "never", "broken/etcd.yml"}, ExitOK},
		{"clean", []string{"config", "--from", "3.6.16", "--target", "3.7", "--fail-on", "error", "clean/etcd.yml"}, ExitOK},
		{"nothing analysed", []string{"config", "--target", "3.7", "empty"}, ExitNothing},
		{"nothing analysed sarif", []string{"config", "--target", "3.7", "--format", "sarif", "empty"}, ExitNothing},
		{"compose file without etcd", []string{"config", "--target", "3.7", "web/compose.yml"}, ExitNothing},
		{"unit running another image", []string{"config", "--target", "3.7", "web/web.service"}, ExitNothing},
		{"directory without etcd", []string{"config", "--target", "3.7", "web"}, ExitNothing},
		{"env file not linked", []string{"config", "--from", "3.4", "--target", "3.6", "--fail-on", "never", "node"}, ExitUsage},
		{"env file linked by --root", []string{"config", "--from", "3.4", "--target", "3.6", "--fail-on", "never", "--root", "node", "node"}, ExitOK},
		{"--root not a directory", []string{"config", "--target", "3.6", "--root", "nonexistent", "node"}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, dir, tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
		})
	}
}

func TestProbeUnreachableExitsThree(t *testing.T) {
	// A port nothing listens on: bind, note it, close.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, stdout, stderr := run(t, t.TempDir(), "probe", "--endpoints", "http://"+addr, "--timeout", "1s", "--target", "3.7")
	if code != ExitNothing {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitNothing, stdout, stderr)
	}
	if !strings.Contains(stdout+stderr, addr) {
		t.Errorf("the report does not name the unreachable endpoint %s:\n%s%s", addr, stdout, stderr)
	}
}

func TestSeveralSinks(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "etcd.yml", brokenConfig)
	code, _, stderr := run(t, dir, "config", "--from", "3.6", "--target", "3.7",
		"--format", "sarif", "--output", "out/r.sarif", "--format", "json=r.json", "--format", "text", "etcd.yml")
	if code == ExitUsage {
		// out/ does not exist: the error must say so.
		if !strings.Contains(stderr, "r.sarif") {
			t.Fatalf("exit 2 without naming the file: %s", stderr)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, dir, "config", "--from", "3.6", "--target", "3.7",
		"--format", "sarif", "--output", "out/r.sarif", "--format", "json=r.json", "--format", "text", "etcd.yml")
	if code != ExitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "out/r.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Fatalf("SARIF file: err %v, %+v", err, sarif)
	}
	var js struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	data, err = os.ReadFile(filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &js); err != nil || len(js.Findings) != len(sarif.Runs[0].Results) {
		t.Fatalf("JSON file: err %v, %d findings vs %d SARIF results", err, len(js.Findings), len(sarif.Runs[0].Results))
	}
	if !strings.Contains(stdout, "etcd.yml:3:") {
		t.Errorf("text on stdout lacks the file:line of the finding:\n%s", stdout)
	}
}

func TestProjectConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "etcd.yml", brokenConfig)
	sub := filepath.Join(dir, "deploy")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// The config file is found from a subdirectory and sets the versions.
	code, stdout, _ := run(t, dir, "config", "--format", "json", "etcd.yml")
	base := findingRules(t, stdout)
	if code != ExitFindings || len(base) == 0 {
		t.Fatalf("baseline: exit %d, %d findings", code, len(base))
	}
	var disable []string
	for id := range base {
		disable = append(disable, `"`+id+`"`)
	}
	writeFile(t, dir, ".etcdlint.toml", "target = \"3.7\"\nfrom = \"3.6\"\n[rules]\ndisable = ["+strings.Join(disable, ", ")+"]\n")
	code, stdout, stderr := run(t, sub, "config", "--format", "json", "../etcd.yml")
	if got := findingRules(t, stdout); len(got) != 0 || code != ExitOK {
		t.Fatalf("with every rule disabled: exit %d, findings %v, stderr %s", code, got, stderr)
	}
	// Severity overrides apply, and --fail-on compares against them.
	var sev []string
	for id := range base {
		sev = append(sev, id+` = "info"`)
	}
	writeFile(t, dir, ".etcdlint.toml", "target = \"3.7\"\nfrom = \"3.6\"\n[rules.severity]\n"+strings.Join(sev, "\n")+"\n")
	if code, _, stderr := run(t, dir, "config", "etcd.yml"); code != ExitOK {
		t.Fatalf("with every finding demoted to info: exit %d (%s)", code, stderr)
	}
	if code, _, _ := run(t, dir, "config", "--fail-on", "info", "etcd.yml"); code != ExitFindings {
		t.Fatalf("--fail-on info with info findings: exit %d", code)
	}
	// A bad project config is a usage error naming file and line.
	writeFile(t, dir, ".etcdlint.toml", "target = \"3.7\"\n\nbogus = 1\n")
	code, _, stderr = run(t, sub, "config", "../etcd.yml")
	if code != ExitUsage || !strings.Contains(stderr, ".etcdlint.toml:3: unknown key \"bogus\"") {
		t.Fatalf("bad project config: exit %d, stderr %q", code, stderr)
	}
}

func findingRules(t *testing.T, js string) map[string]bool {
	t.Helper()
	var rep struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatalf("decoding JSON report: %v\n%s", err, js)
	}
	m := map[string]bool{}
	for _, f := range rep.Findings {
		m[f.Rule] = true
	}
	return m
}

func TestPlanNamesFloors(t *testing.T) {
	code, stdout, stderr := run(t, t.TempDir(), "plan", "--from", "3.5.20", "--to", "3.7")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v35, v36, v37 := latestPatch(t, "3.5"), latestPatch(t, "3.6"), latestPatch(t, "3.7")
	for _, want := range []string{"3.5.20 -> " + v35, v35 + " -> " + v36, v36 + " -> " + v37, "3.5.32", "3.6.11", "EO3601", "EO3701", "EO0001"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, t.TempDir(), "plan", "--from", "3.5.20", "--to", "3.7", "--format", "json")
	var p plan
	if err := json.Unmarshal([]byte(stdout), &p); err != nil || code != ExitOK {
		t.Fatalf("json plan: exit %d, %v", code, err)
	}
	if len(p.Steps) != 3 || p.Steps[0].Kind != "patch" || p.Steps[0].Floors[0].Min != "3.5.32" || p.Steps[0].Floors[0].Met {
		t.Errorf("json plan steps = %+v", p.Steps)
	}
}

func TestRulesListAndExplain(t *testing.T) {
	code, stdout, _ := run(t, t.TempDir(), "rules", "--format", "json")
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Rules         []struct {
			ID    string `json:"id"`
			Since string `json:"since"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != ExitOK || doc.SchemaVersion != 1 {
		t.Fatalf("rules --format json: exit %d, schema_version %d, %v", code, doc.SchemaVersion, err)
	}
	list := doc.Rules
	if len(list) < 120 {
		t.Errorf("rules lists %d rules, want at least 120", len(list))
	}
	lines := map[string]bool{}
	for _, r := range list {
		if len(r.Since) >= 3 {
			lines[r.Since[:3]] = true
		}
	}
	for _, l := range []string{"2.1", "2.2", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"} {
		if !lines[l] {
			t.Errorf("no rule lands in %s", l)
		}
	}
	code, stdout, _ = run(t, t.TempDir(), "rules", "eo3601")
	for _, want := range []string{"EO3601: every member must run 3.5.32 or later before 3.6", "What to do", "Source: https://"} {
		if code != ExitOK || !strings.Contains(stdout, want) {
			t.Errorf("rules eo3601 (exit %d) lacks %q:\n%s", code, want, stdout)
		}
	}
	code, stdout, _ = run(t, t.TempDir(), "rules", "--since", "3.6", "--detector", "plan")
	if code != ExitOK || !strings.Contains(stdout, "EO3601") || strings.Contains(stdout, "EO3701") {
		t.Errorf("rules --since 3.6 --detector plan:\n%s", stdout)
	}
}

// TestDocsUpToDate fails when docs/rules.md no longer matches the catalog.
func TestDocsUpToDate(t *testing.T) {
	code, stdout, stderr := run(t, t.TempDir(), "rules", "--format", "markdown")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	have, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatalf("%v: run go generate ./cmd/etcdlint", err)
	}
	if string(have) != stdout {
		t.Errorf("docs/rules.md is stale: run go generate ./cmd/etcdlint")
	}
}

// TestCheckMergesParts runs check on the shipped sample, as the README's
// first command does, and expects code and config findings in one report.
func TestCheckMergesParts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, root, "check", "--target", "3.7", "--code", "testdata/sample/client",
		"--config-path", "testdata/sample", "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, ExitFindings, stderr)
	}
	var rep struct {
		From struct {
			Version string `json:"version"`
			Source  string `json:"source"`
		} `json:"from"`
		Findings []struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
			} `json:"location"`
		} `json:"findings"`
		Inputs []struct {
			Kind string `json:"kind"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("decoding report: %v", err)
	}
	files := map[string]bool{}
	rules := map[string]bool{}
	for _, f := range rep.Findings {
		files[f.Location.File] = true
		rules[f.Rule] = true
	}
	for _, want := range []string{"EC3201", "EC3202", "EC3203", "EC3205", "ES3701", "ES3203"} {
		if !rules[want] {
			t.Errorf("no %s finding; rules found: %v", want, rules)
		}
	}
	for _, want := range []string{"testdata/sample/client/main.go", "testdata/sample/etcd.conf.yml"} {
		if !files[want] {
			t.Errorf("no finding in %s (paths must be relative to the working directory); files: %v", want, files)
		}
	}
	kinds := map[string]bool{}
	for _, in := range rep.Inputs {
		kinds[in.Kind] = true
	}
	if !kinds["package"] || !kinds["config-yaml"] || !kinds["systemd-unit"] {
		t.Errorf("input kinds = %v, want package, config-yaml and systemd-unit", kinds)
	}
	if rep.From.Version != "3.1.20" || rep.From.Source != "go.mod" {
		t.Errorf("from = %+v, want 3.1.20 from go.mod", rep.From)
	}
}
