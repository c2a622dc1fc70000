package codecheck_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/report"
)

// realModsDir holds client modules pinned to real old etcd releases from
// the module proxy (each README-less go.mod pins the dependency revisions
// that etcd release vendored, so the old client still compiles).
const realModsDir = "../../testdata/realmods"

// A realMod is one module of realModsDir and what `etcdlint code` must
// report on it.
type realMod struct {
	name   string // directory under realModsDir
	target string
	// from is the version inferred (from go.mod) and its source.
	from, fromSource string
	// want is every finding, "file:line RULE", in report order.
	want []string
	// After --fix, the packages in build are built against the
	// dependency pins of the module pinsFor: they use only APIs whose
	// fixes are complete.
	pinsFor string
	build   []string
}

var realMods = []realMod{
	{
		name:   "etcd31",
		target: "3.2.13",
		from:   "3.1.20", fromSource: "go.mod",
		want:    []string{},
		pinsFor: "etcd3213",
		build:   []string{"./..."},
	},
	{
		name:   "etcd3213",
		target: "3.4.25",
		from:   "3.2.13", fromSource: "go.mod",
		want:    []string{},
		pinsFor: "etcd34",
		build:   []string{"."},
	},
	{
		name:   "etcd34",
		target: "3.5.35",
		from:   "3.4.0", fromSource: "go.mod",
		want:    []string{},
		pinsFor: "etcd35",
		build:   []string{"."},
	},
	{
		name:   "etcd35",
		target: "3.7.3",
		from:   "3.5.35", fromSource: "go.mod",
		want: []string{},
	},
}

// TestRealModules runs `etcdlint code` on real old etcd clients, checks
// the exact findings and the fixes (against a golden diff), then applies
// the fixes and builds the fixed code against the target release's
// dependency pins.
func TestRealModules(t *testing.T) {
	cat := loadCatalog(t)
	for _, m := range realMods {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(realModsDir, m.name)
			dir := copyTree(t, src)
			res := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Diff: true})
			rep := res.Report
			if len(rep.Problems) != 0 {
				t.Errorf("problems: %q", problemKeys(rep))
			}
			if got := findingKeys(rep); !slices.Equal(got, m.want) {
				t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(m.want, "\n\t"))
			}
			if rep.From != m.from || rep.FromSource != m.fromSource {
				t.Errorf("from %q (%s), want %q (%s)", rep.From, rep.FromSource, m.from, m.fromSource)
			}
			checkFindingShape(t, rep)
			checkGolden(t, filepath.Join(realModsDir, m.name+".diff"), res.Diff)

			if m.pinsFor == "" {
				return
			}
			fixed := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Fix: true})
			if len(fixed.Report.Problems) != 0 {
				t.Fatalf("--fix problems: %q", problemKeys(fixed.Report))
			}
			if again := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Diff: true}); again.Diff != "" {
				t.Errorf("fixes left after --fix:\n%s", again.Diff)
			}
			setPins(t, dir, filepath.Join(realModsDir, m.pinsFor))
			args := append([]string{"build", "-o", "/dev/null"}, m.build...)
			if out, err := goCmd(t, dir, args...); err != nil {
				t.Fatalf("fixed code does not build against the %s pins: %v\n%s", m.pinsFor, err, out)
			}
		})
	}
}

// checkFindingShape checks what every code finding must carry.
func checkFindingShape(t *testing.T, rep *report.Report) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Severity == 0 || f.Source == "" || f.Detector != "code" || f.Message == "" {
			t.Errorf("%s:%d %s: incomplete finding %+v", f.Location.File, f.Location.Line, f.Rule, f)
		}
		if f.Location.Column == 0 || f.Location.EndLine < f.Location.Line || filepath.IsAbs(f.Location.File) {
			t.Errorf("%s:%d %s: bad location %+v", f.Location.File, f.Location.Line, f.Rule, f.Location)
		}
		if strings.HasSuffix(f.Message, ")") && strings.Contains(f.Message, "syntax only") {
			t.Errorf("%s:%d %s: syntax-only marker left in message %q", f.Location.File, f.Location.Line, f.Rule, f.Message)
		}
		if f.Fix == nil {
			continue
		}
		for _, e := range f.Fix.Edits {
			if e.Line == 0 || e.Column == 0 || e.EndLine < e.Line || e.End < e.Start || filepath.IsAbs(e.File) {
				t.Errorf("%s:%d %s: bad edit %+v", f.Location.File, f.Location.Line, f.Rule, e)
			}
		}
	}
	if len(rep.Inputs) == 0 {
		t.Error("no inputs")
	}
	for _, in := range rep.Inputs {
		if in.Kind != "package" || in.Detector != "code" {
			t.Errorf("bad input %+v", in)
		}
	}
}
