package configcheck_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func inputKinds(rep *report.Report, dir string) map[string]string {
	out := map[string]string{}
	for _, in := range rep.Inputs {
		name, _ := filepath.Rel(dir, in.Name)
		out[filepath.ToSlash(name)] = in.Kind
	}
	return out
}

// TestKindDetection checks kinds are detected by content, not name.
func TestKindDetection(t *testing.T) {
	files := map[string]string{
		"one":       "name: a\ndata-dir: /x\n",
		"two":       "[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/etcd --name=a\n",
		"three":     "ETCD_NAME=a\nexport ETCD_DATA_DIR='/x'\n",
		"four":      "#!/bin/sh\nexec etcd --name a\n",
		"five":      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: etcd\n    command: [etcd, --name=a]\n",
		"six":       "services:\n  etcd:\n    image: quay.io/coreos/etcd\n    command: etcd --name a\n",
		"seven":     "--name=a\n--data-dir=/x\n",
		"notes.txt": "hello world\n",
		"ci.yml":    "on: push\njobs:\n  build: {}\n",
		"script.sh": "#!/bin/sh\nls --all\n",
	}
	res, dir := runFiles(t, files, []string{"."}, "3.6", "3.7", nil)
	got := inputKinds(res.Report, dir)
	want := map[string]string{"one": "config-yaml", "two": "systemd-unit", "three": "env-file", "four": "args", "five": "kubernetes", "six": "compose", "seven": "args"}
	for name, kind := range want {
		if got[name] != kind {
			t.Errorf("%s: kind %q, want %q", name, got[name], kind)
		}
	}
	for _, other := range []string{"notes.txt", "ci.yml", "script.sh"} {
		if _, ok := got[other]; ok {
			t.Errorf("%s listed as input: %v", other, got)
		}
	}
	if len(res.Report.Problems) != 0 {
		t.Errorf("problems: %+v", res.Report.Problems)
	}
}

// TestMalformedInputs feeds hostile inputs next to a good file: each bad
// one becomes a Problem naming the file (and line where there is one),
// nothing panics or hangs, and the good file is still checked.
func TestMalformedInputs(t *testing.T) {
	big := strings.Repeat("# padding line for a very large file\n", 11<<20/36)
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\nname: x\n"
	files := map[string]string{
		"good.yml":       "enable-v2: true\n",
		"binary.yml":     "name: a\n\x00\x01\x02",
		"latin1.yml":     "name: a\nname2: caf\xe9\n",
		"big.yml":        big,
		"deep.yml":       deep,
		"broken.yml":     "name: a\n  data-dir: [\n",
		"bomb.yml":       bomb,
		"tabs.yml":       "name:\ta\n\tdata-dir: x\n",
		"badenv.env":     "ETCD_NAME=a\nthis is not an assignment\n",
		"nounit.service": "[Service]\nExecStart=/bin/true\n",
	}
	var paths []string
	for name := range files {
		paths = append(paths, name)
	}
	done := make(chan struct{})
	var res *configcheck.Result
	var dir string
	go func() {
		defer close(done)
		res, dir = runFiles(t, files, paths, "3.5", "3.6", nil)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not return within 2 minutes")
	}
	if res == nil {
		t.Fatal("no result")
	}
	problems := map[string]report.Problem{}
	for _, p := range res.Report.Problems {
		name, _ := filepath.Rel(dir, p.Input)
		problems[filepath.ToSlash(name)] = p
	}
	for name, wantLine := range map[string]int{"binary.yml": 2, "latin1.yml": 2, "big.yml": 0, "broken.yml": 2, "badenv.env": 2, "nounit.service": 0, "deep.yml": 0} {
		p, ok := problems[name]
		if !ok {
			t.Errorf("%s: no problem reported; problems: %+v", name, res.Report.Problems)
			continue
		}
		if wantLine != 0 && p.Line != wantLine {
			t.Errorf("%s: problem at line %d, want %d (%s)", name, p.Line, wantLine, p.Message)
		}
		if p.Message == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	got := keys(res.Report, dir)
	found := false
	for _, k := range got {
		if k == "ES3601@good.yml:1" {
			found = true
		}
	}
	if !found {
		t.Errorf("good.yml was not checked next to the bad inputs: %v", got)
	}
}

func TestStdinAndFix(t *testing.T) {
	cat := loadCatalog(t)
	res, err := configcheck.Run(context.Background(), configcheck.Options{
		Paths: []string{"-"}, Stdin: strings.NewReader("# from a pipe\nenable-v2: true\n"),
		From: "3.5", Target: "3.6.16", Catalog: cat,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Inputs) != 1 || res.Report.Inputs[0].Name != "-" || res.Report.Inputs[0].Kind != configcheck.KindConfigYAML {
		t.Fatalf("inputs: %+v", res.Report.Inputs)
	}
	if ks := keys(res.Report, ""); !strings.Contains(strings.Join(ks, " "), "ES3601@-:2") {
		t.Fatalf("findings: %v", ks)
	}

	// --fix-after-upgrade rewrites YAML and env files in place, keeping
	// comments and order (3.3 accepts none of the new forms, so the
	// rolling fix would leave them).
	files := map[string]string{
		"etcd.yml": "# member settings\nname: a # the member\nexperimental-compaction-batch-limit: 1000\nexperimental-initial-corrupt-check: true\nenable-v2: true\nclient-transport-security:\n  ca-file: /ca.pem\n  cert-file: /c.pem\nlog-outputs: [stderr]\n",
		"etcd.env": "# env\nETCD_EXPERIMENTAL_MEMORY_MLOCK=true\nETCD_NAME=a\n",
	}
	res, dir := runFiles(t, files, []string{"etcd.yml", "etcd.env"}, "3.3", "3.7", func(o *configcheck.Options) { o.Fix, o.FixAfterUpgrade = true, true })
	if len(res.Fixed) != 2 {
		t.Fatalf("fixed %v", res.Fixed)
	}
	y, _ := os.ReadFile(filepath.Join(dir, "etcd.yml"))
	v37, err := cat.Resolve(rules.MustParseVersion("3.7"))
	if err != nil {
		t.Fatal(err)
	}
	latest37 := v37.String()
	wantYAML := "# member settings\nname: a # the member\ncompaction-batch-limit: 1000\nfeature-gates: \"InitialCorruptCheck=true\"\n# etcdlint: removed (ES3601): etcd " + latest37 + " does not read enable-v2\n# enable-v2: true\nclient-transport-security:\n  trusted-ca-file: /ca.pem\n  client-cert-auth: true\n  cert-file: /c.pem\nlog-outputs: [stderr]\n"
	if string(y) != wantYAML {
		t.Errorf("fixed YAML:\n%s\nwant:\n%s", y, wantYAML)
	}
	e, _ := os.ReadFile(filepath.Join(dir, "etcd.env"))
	if want := "# env\nETCD_MEMORY_MLOCK=true\nETCD_NAME=a\n"; string(e) != want {
		t.Errorf("fixed env:\n%s\nwant:\n%s", e, want)
	}
	// The fixed files pass a second run without the migrated findings.
	res2, _ := runFiles(t, map[string]string{"etcd.yml": string(y)}, []string{"etcd.yml"}, "3.6", "3.7", nil)
	for _, f := range res2.Report.Findings {
		if f.Rule == "ES3701" || f.Rule == "ES3601" || f.Rule == "ES3402" || f.Rule == "ES0003" {
			t.Errorf("after --fix: %s %s", f.Rule, f.Message)
		}
	}
	// --diff leaves the file alone.
	res3, dir3 := runFiles(t, map[string]string{"etcd.yml": files["etcd.yml"]}, []string{"etcd.yml"}, "3.3", "3.7", func(o *configcheck.Options) { o.Diff, o.FixAfterUpgrade = true, true })
	if !strings.Contains(res3.Diff, "-experimental-compaction-batch-limit: 1000\n+compaction-batch-limit: 1000\n") {
		t.Errorf("diff:\n%s", res3.Diff)
	}
	// The rolling fix writes no name 3.3 does not read.
	rolling, _ := runFiles(t, map[string]string{"etcd.yml": files["etcd.yml"]}, []string{"etcd.yml"}, "3.3", "3.7", func(o *configcheck.Options) { o.Diff = true })
	if strings.Contains(rolling.Diff, "+compaction-batch-limit") || strings.Contains(rolling.Diff, "+feature-gates") {
		t.Errorf("rolling diff writes a form 3.3 does not accept:\n%s", rolling.Diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir3, "etcd.yml")); !bytes.Equal(b, []byte(files["etcd.yml"])) {
		t.Error("--diff changed the file")
	}
}

func TestRunErrors(t *testing.T) {
	cat := loadCatalog(t)
	for _, o := range []configcheck.Options{
		{Target: "3.7.3"},
		{Target: "9.9", Catalog: cat},
		{Target: "3.7.3", From: "x", Catalog: cat},
		{Target: "3.7.3", Catalog: cat, Fix: true, Diff: true},
	} {
		if _, err := configcheck.Run(context.Background(), o); err == nil {
			t.Errorf("Run(%+v) succeeded", o)
		}
	}
	unit := map[string]string{"u.service": "[Service]\nEnvironmentFile=/nonexistent/etcd.env\nEnvironmentFile=-/nonexistent/opt.env\nExecStart=/usr/bin/etcd\n"}
	ures, _ := runFiles(t, unit, []string{"u.service"}, "3.6", "3.7", nil)
	if len(ures.Report.Problems) != 1 || ures.Report.Problems[0].Line != 2 || !strings.Contains(ures.Report.Problems[0].Message, "etcd.env not found") {
		t.Errorf("missing EnvironmentFile: %+v", ures.Report.Problems)
	}
	res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{"/nonexistent/etcd.yml"}, Target: "3.7.3", Catalog: cat})
	if err != nil || len(res.Report.Problems) != 1 || !strings.Contains(res.Report.Problems[0].Message, "no such file") {
		t.Errorf("missing file: %v %+v", err, res)
	}
}

// TestHostileYAMLLinked runs the hostile YAML inputs through the linked
// decoder (target 3.7), which expands aliases and recurses.
func TestHostileYAMLLinked(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\nname: x\n"
	deepMap := strings.Repeat("a: {", 5000) + strings.Repeat("}", 5000) + "\n"
	files := map[string]string{"bomb.yml": bomb, "deepmap.yml": deepMap, "good.yml": "enable-v2: true\n"}
	done := make(chan struct{})
	var res *configcheck.Result
	var dir string
	go func() {
		defer close(done)
		res, dir = runFiles(t, files, []string{"bomb.yml", "deepmap.yml", "good.yml"}, "3.6", "3.7", nil)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not return within 2 minutes")
	}
	got := strings.Join(keys(res.Report, dir), " ")
	if !strings.Contains(got, "ES3601@good.yml:1") {
		t.Errorf("good.yml not checked: %s", got)
	}
	if !strings.Contains(got, "ES0003@bomb.yml:") {
		t.Errorf("the alias bomb is not reported as undecodable: %s (problems %+v)", got, res.Report.Problems)
	}
}
