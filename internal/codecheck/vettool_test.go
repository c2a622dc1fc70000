package codecheck_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/internal/ruletext"
)

func TestIsVetTool(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-json", "-etcdversion.target=3.7", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-fix", "-diff", "/tmp/b001/vet.cfg"}, true},
		{nil, false},
		{[]string{"code"}, false},
		{[]string{"code", "./..."}, false},
		{[]string{"config", "etcd.cfg"}, false},
		{[]string{"--format", "json", "x.cfg"}, false},
		{[]string{"-flags", "x"}, false},
		{[]string{"-V=full", "code"}, false},
		{[]string{"--target", "3.7"}, false},
		{[]string{"-x.cfg"}, false},
	} {
		if got := codecheck.IsVetTool(tc.args); got != tc.want {
			t.Errorf("IsVetTool(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// buildVetTool builds testdata/vettool, a main that hands the vet tool
// protocol to IsVetTool and VetMain first thing, as cmd/etcdlint does
// (cmd/etcdlint links much more: the small main keeps the test fast on a
// cold build cache).
func buildVetTool(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "etcdlint-vettool")
	if out, err := goCmd(t, ".", "build", "-o", bin, "./testdata/vettool"); err != nil {
		t.Fatalf("building the vet tool: %v\n%s", err, out)
	}
	return bin
}

// vetDiag is one diagnostic of `go vet -json`.
type vetDiag struct {
	Posn     string `json:"posn"`
	Message  string `json:"message"`
	Category string `json:"category"`
}

// TestVetToolMatchesCode runs `go vet -vettool` and `go fix -fixtool` with
// the analyzers on the sample client and checks that they report the same
// findings, and make the same fixes, as `etcdlint code`.
func TestVetToolMatchesCode(t *testing.T) {
	t.Parallel()
	bin := buildVetTool(t)
	const target = "3.7.3"
	vetDir := copyTree(t, sampleDir)

	out, stderr, err := goOutput(t, vetDir, "vet", "-vettool="+bin, "-json", "-etcdversion.target="+target, "./...")
	if err != nil {
		t.Fatalf("go vet: %v\n%s%s", err, stderr, out)
	}
	var vet []string
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var units map[string]map[string]json.RawMessage
		if err := dec.Decode(&units); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go vet -json output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range units {
			for name, raw := range byAnalyzer {
				var diags []vetDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: analyzer %s: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					rel, err := filepath.Rel(vetDir, d.Posn)
					if err != nil {
						t.Fatal(err)
					}
					msg := strings.TrimSuffix(d.Message, analyzers.SyntaxOnly)
					vet = append(vet, fmt.Sprintf("%s %s %s", filepath.ToSlash(rel), d.Category, msg))
				}
			}
		}
	}
	slices.Sort(vet)
	vet = slices.Compact(vet)

	codeDir := copyTree(t, sampleDir)
	res := run(t, codecheck.Options{Dir: codeDir, Target: target, Fix: true})
	// Module-level findings are the same ones, but etcdlint code reports
	// each once at its go.mod line, where go vet can only report it in a
	// package: compare them without their location.
	moduleRule := map[string]bool{}
	var code []string
	for _, f := range res.Report.Findings {
		// go vet prints only the message: it starts with the rule ID and
		// carries the note.
		var notes []string
		if f.Note != "" {
			notes = []string{f.Note}
		}
		msg := ruletext.Message(f.Rule, f.Severity, f.Message, notes)
		if f.Location.File == "go.mod" {
			moduleRule[f.Rule] = true
			code = append(code, fmt.Sprintf("go.mod %s %s", f.Rule, msg))
			continue
		}
		code = append(code, fmt.Sprintf("%s:%d:%d %s %s", f.Location.File, f.Location.Line, f.Location.Column, f.Rule, msg))
	}
	for i, v := range vet {
		if f := strings.Fields(v); len(f) > 1 && moduleRule[f[1]] {
			vet[i] = "go.mod" + strings.TrimPrefix(v, f[0])
		}
	}
	slices.Sort(vet)
	vet = slices.Compact(vet)
	slices.Sort(code)
	if len(code) == 0 {
		t.Fatal("etcdlint code found nothing in the sample client")
	}
	if !slices.Equal(vet, code) {
		t.Errorf("go vet -vettool:\n\t%s\netcdlint code:\n\t%s", strings.Join(vet, "\n\t"), strings.Join(code, "\n\t"))
	}

	fixDir := copyTree(t, sampleDir)
	if out, err := goCmd(t, fixDir, "fix", "-fixtool="+bin, "-etcdversion.target="+target, "./..."); err != nil {
		t.Fatalf("go fix: %v\n%s", err, out)
	}
	goFiles, err := filepath.Glob(filepath.Join(sampleDir, "*.go"))
	if err != nil || len(goFiles) == 0 {
		t.Fatalf("no Go files in %s: %v", sampleDir, err)
	}
	changed := false
	for _, f := range goFiles {
		name := filepath.Base(f)
		orig := readFile(t, f)
		byGoFix := readFile(t, filepath.Join(fixDir, name))
		byCode := readFile(t, filepath.Join(codeDir, name))
		if byGoFix != byCode {
			t.Errorf("%s: go fix -fixtool and etcdlint code --fix differ\ngo fix:\n%s\netcdlint code --fix:\n%s", name, byGoFix, byCode)
		}
		changed = changed || byCode != orig
	}
	if !changed {
		t.Error("neither go fix nor etcdlint code --fix changed the sample client")
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
