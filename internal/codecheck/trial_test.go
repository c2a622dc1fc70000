package codecheck_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// A bump is what a user does by hand to move a realmods module to a
// target: rewrite the quoted import paths, drop the old etcd
// requirements, require the target modules, then build and vet.
type bump struct {
	name, target string
	imports      [][2]string // old import path prefix -> new
	drop         []string
	require      []string
}

var bumps = []bump{
	{
		// Fakes of every client interface converted in a composite
		// literal and a return, a client type embedding *clientv3.Client
		// and a gRPC KV server registered without the Unimplemented
		// embedding.
		name: "etcd36", target: "3.7.3",
		drop:    []string{"go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/client/pkg/v3"},
		require: []string{"go.etcd.io/etcd/api/v3@v3.7.3", "go.etcd.io/etcd/client/v3@v3.7.3"},
	},
	{
		name: "etcd35", target: "3.7.3",
		drop:    []string{"go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/client/pkg/v3"},
		require: []string{"go.etcd.io/etcd/api/v3@v3.7.3", "go.etcd.io/etcd/client/v3@v3.7.3"},
	},
	{
		// An embedder reading embed.Config's APUrls through a struct
		// that embeds *embed.Config: only the type checker sees it.
		name: "embed35", target: "3.7.3",
		drop: []string{"go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/pkg/v3", "go.etcd.io/etcd/client/v2",
			"go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/pkg/v3", "go.etcd.io/etcd/raft/v3", "go.etcd.io/etcd/server/v3"},
		require: []string{"go.etcd.io/etcd/server/v3@v3.7.3"},
	},
	{
		name: "etcd34", target: "3.5.35",
		imports: [][2]string{
			{"go.etcd.io/etcd/clientv3", "go.etcd.io/etcd/client/v3"},
			{"go.etcd.io/etcd/etcdserver/api/v3rpc/rpctypes", "go.etcd.io/etcd/api/v3/v3rpc/rpctypes"},
			{"go.etcd.io/etcd/mvcc/mvccpb", "go.etcd.io/etcd/api/v3/mvccpb"},
		},
		drop:    []string{"go.etcd.io/etcd"},
		require: []string{"go.etcd.io/etcd/api/v3@v3.5.35", "go.etcd.io/etcd/client/v3@v3.5.35"},
	},
	{
		// go.etcd.io/etcd 3.4 is fetched as the pseudo-version of the
		// v3.4.25 commit that the catalog pins: the trial must use it,
		// not the release-3.4 branch head.
		name: "etcd3213", target: "3.4.25",
		imports: [][2]string{
			{"github.com/coreos/etcd", "go.etcd.io/etcd"},
		},
		drop:    []string{"github.com/coreos/etcd"},
		require: []string{"go.etcd.io/etcd@v0.5.0-alpha.5.0.20230414071934-94593e63d45c"},
	},
	{
		// A 3.3 embedder: embed.Config's renamed URL fields, set and read
		// through a struct embedding *embed.Config, and the removed
		// LogOutput and SetupLogging, against the 3.4.25 server.
		name: "embed33", target: "3.4.25",
		imports: [][2]string{
			{"github.com/coreos/etcd", "go.etcd.io/etcd"},
		},
		drop:    []string{"github.com/coreos/etcd"},
		require: []string{"go.etcd.io/etcd@v0.5.0-alpha.5.0.20230414071934-94593e63d45c"},
	},
	{
		// etcd before 3.4 has no go.mod: the bump keeps the old
		// dependency pins, and clientv3 3.2.13 itself stops building
		// against what the go command must add; the module's own files
		// then get no compile error, from the trial as from go build.
		name: "etcd31", target: "3.2.13",
		drop:    []string{"github.com/coreos/etcd"},
		require: []string{"github.com/coreos/etcd@v3.2.13+incompatible"},
	},
}

// compileErrorLine matches a compile or vet error of the module's own
// files in go build and go vet output.
var compileErrorLine = regexp.MustCompile(`^(?:vet: )?(?:\./)?([^\s:/][^\s:]*\.go):(\d+):\d+: `)

// bumpErrors performs b on a copy of the module and returns the lines
// ("file:line") go build and go vet report errors at.
func bumpErrors(t *testing.T, b bump) []string {
	t.Helper()
	dir := copyTree(t, filepath.Join(realModsDir, b.name))
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := string(src)
		for _, imp := range b.imports {
			s = strings.ReplaceAll(s, `"`+imp[0]+`"`, `"`+imp[1]+`"`)
			s = strings.ReplaceAll(s, `"`+imp[0]+`/`, `"`+imp[1]+`/`)
		}
		return os.WriteFile(path, []byte(s), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"mod", "edit"}
	for _, m := range b.drop {
		args = append(args, "-droprequire="+m)
	}
	for _, m := range b.require {
		args = append(args, "-require="+m)
	}
	if out, err := goCmd(t, dir, args...); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	set := map[string]bool{}
	for _, cmd := range [][]string{{"build", "-mod=mod", "-gcflags=-e", "-o", os.DevNull, "./..."}, {"vet", "-mod=mod", "./..."}} {
		out, _ := goCmd(t, dir, cmd...)
		for _, l := range strings.Split(out, "\n") {
			if m := compileErrorLine.FindStringSubmatch(l); m != nil {
				set[m[1]+":"+m[2]] = true
			}
		}
	}
	return sortedSet(set)
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// trialLines returns the lines ("file:line") the trial reports compile
// errors at.
func trialLines(s *codecheck.TrialSummary) []string {
	set := map[string]bool{}
	for _, e := range s.Errors {
		set[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
	}
	return sortedSet(set)
}

// TestTrialEqualsRealBump: on each realmods module, the trial's compile
// errors are exactly the lines a real bump fails to build or vet at.
func TestTrialEqualsRealBump(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	for _, b := range bumps {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			want := bumpErrors(t, b)
			dir := copyTree(t, filepath.Join(realModsDir, b.name))
			orig := readTree(t, dir)
			res := run(t, codecheck.Options{Dir: dir, Target: b.target, Catalog: cat, Trial: codecheck.TrialOn})
			if res.Trial == nil {
				t.Fatal("no trial summary")
			}
			for _, p := range res.Report.Problems {
				// A package behind an import that does not build is
				// said to be not type-checked (as go build stops there).
				if !p.Skipped || !strings.Contains(p.Message, "not type-checked behind it") {
					t.Errorf("problem: %s:%d %s", p.Input, p.Line, p.Message)
				}
			}
			if got := trialLines(res.Trial); !slices.Equal(got, want) {
				t.Errorf("trial errors at\n\t%s\nthe real bump fails at\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			if res.Trial.Packages == 0 {
				t.Error("the trial type-checked no package")
			}
			// Every trial error is one finding on its line, and the
			// trial never writes in the user's tree.
			for _, e := range res.Trial.Errors {
				n := 0
				for _, f := range res.Report.Findings {
					if f.Location.File == e.File && f.Location.Line == e.Line && f.Rule == e.Rule {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%s:%d: %d findings of %s for the trial error %q", e.File, e.Line, n, e.Rule, e.Message)
				}
			}
			if after := readTree(t, dir); !maps2Equal(orig, after) {
				t.Error("the trial changed files in the module's tree")
			}
		})
	}
}

// TestTrialEtcd31DependencyBreak: moving the 3.1 client to 3.2.13 with
// its old pins leaves grpc at v1.0.4, which the 3.2.13 client cannot
// build against: reported at the go.mod require lines, not per package.
func TestTrialEtcd31DependencyBreak(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd31"))
	res := run(t, codecheck.Options{Dir: dir, Target: "3.2.13", Trial: codecheck.TrialOn})
	var deps []string
	for _, f := range res.Report.Findings {
		if f.Rule == "EC0081" {
			deps = append(deps, fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line))
		}
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s string) string {
		for i, l := range strings.Split(string(gomod), "\n") {
			if strings.Contains(l, s) {
				return fmt.Sprintf("go.mod:%d", i+1)
			}
		}
		t.Fatalf("%s not in go.mod", s)
		return ""
	}
	for _, want := range []string{lineOf("google.golang.org/grpc "), lineOf("github.com/coreos/etcd ")} {
		if !slices.Contains(deps, want) {
			t.Errorf("no EC0081 at %s (the grpc and etcd requirements); got %q", want, deps)
		}
	}
	if len(deps) != len(sortedSetOf(deps)) {
		t.Errorf("duplicate dependency findings: %q", deps)
	}
}

func sortedSetOf(s []string) []string {
	set := map[string]bool{}
	for _, x := range s {
		set[x] = true
	}
	return sortedSet(set)
}

// TestTrialReplacedEtcd: a replace directive to a local etcd fork is a
// reported skip, not a crash; auto keeps it from failing the run.
func TestTrialReplacedEtcd(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd35"))
	gomodcache, _, err := goOutput(t, dir, "env", "GOMODCACHE")
	if err != nil {
		t.Fatal(err)
	}
	fork := filepath.Join(t.TempDir(), "fork")
	if err := os.CopyFS(fork, os.DirFS(filepath.Join(strings.TrimSpace(gomodcache), "go.etcd.io/etcd/client/v3@v3.5.35"))); err != nil {
		t.Skipf("client/v3 v3.5.35 not in the module cache: %v", err)
	}
	if out, err := goCmd(t, dir, "mod", "edit", "-replace=go.etcd.io/etcd/client/v3="+fork); err != nil {
		t.Fatal(err, out)
	}
	for _, mode := range []codecheck.TrialMode{codecheck.TrialAuto, codecheck.TrialOn} {
		res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: mode})
		p := trialSkip(res.Report)
		if p == nil {
			t.Fatalf("%s: no skip reported; problems %q", mode, problemKeys(res.Report))
		}
		if !strings.Contains(p.Message, "cannot trial a replaced etcd") || !strings.Contains(p.Message, "go.mod:") {
			t.Errorf("%s: skip message %q", mode, p.Message)
		}
		if p.Skipped != (mode == codecheck.TrialAuto) {
			t.Errorf("%s: Skipped=%v", mode, p.Skipped)
		}
		if len(res.Report.Findings) == 0 {
			t.Errorf("%s: the static analyzers found nothing", mode)
		}
	}
}

// TestTrialOffline: with GOPROXY=off and a module cache holding only the
// module's own dependencies, the static analyzers run and the trial is a
// reported skip that says why.
func TestTrialOffline(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd35"))
	gomodcache, _, err := goOutput(t, dir, "env", "GOMODCACHE")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-modcacherw", "GOMODCACHE="+cache, "GONOSUMDB=*", "GOSUMDB=off",
		"GOPROXY=file://"+filepath.ToSlash(filepath.Join(strings.TrimSpace(gomodcache), "cache", "download")))
	fill := execIn(t, dir, env, "go", "list", "-deps", "-test", "./...")
	if fill != nil {
		t.Fatalf("filling the module cache: %v", fill)
	}
	offline := append(env[:len(env):len(env)], "GOPROXY=off")
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialAuto, Env: offline})
	p := trialSkip(res.Report)
	if p == nil || !p.Skipped {
		t.Fatalf("no skip reported; problems %q", problemKeys(res.Report))
	}
	if !strings.Contains(p.Message, "GOPROXY=off") {
		t.Errorf("the skip does not say why: %q", p.Message)
	}
	if !slices.Contains(findingKeys(res.Report), "main.go:31 EC3606") {
		t.Errorf("the static analyzers did not run: %q", findingKeys(res.Report))
	}
	for _, format := range []report.Format{report.FormatText, report.FormatJSON, report.FormatSARIF} {
		var sb strings.Builder
		if err := report.Render(&sb, res.Report, format, report.RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sb.String(), "trial type-check against etcd 3.7.3 skipped") {
			t.Errorf("%s output does not report the skip:\n%s", format, sb.String())
		}
	}
}

func trialSkip(rep *report.Report) *report.Problem {
	for i, p := range rep.Problems {
		if strings.Contains(p.Message, "trial type-check") {
			return &rep.Problems[i]
		}
	}
	return nil
}

// readTree returns every file's content below dir.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// execIn runs a command in dir with env, bounded by goTimeout.
func execIn(t *testing.T, dir string, env []string, name string, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), goTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// TestTrialVendorAndWorkspace: a vendored module is tried against the
// target (the vendor directory holds the old etcd), and a go.work with two
// modules gets each module tried, with paths relative to the workspace.
func TestTrialVendorAndWorkspace(t *testing.T) {
	t.Parallel()
	want36 := bumpErrors(t, bumps[0])
	want35 := bumpErrors(t, bumps[1])

	t.Run("vendor", func(t *testing.T) {
		dir := copyTree(t, filepath.Join(realModsDir, "etcd36"))
		if out, err := goCmd(t, dir, "mod", "vendor"); err != nil {
			t.Fatalf("go mod vendor: %v\n%s", err, out)
		}
		res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOn})
		if res.Trial == nil || len(res.Trial.Skipped) > 0 {
			t.Fatalf("trial did not run: %+v", res.Trial)
		}
		if got := trialLines(res.Trial); !slices.Equal(got, want36) {
			t.Errorf("vendored: trial errors at %q, the bump fails at %q", got, want36)
		}
	})

	t.Run("go.work", func(t *testing.T) {
		root := t.TempDir()
		for _, m := range []string{"etcd35", "etcd36"} {
			if err := os.CopyFS(filepath.Join(root, m), os.DirFS(filepath.Join(realModsDir, m))); err != nil {
				t.Fatal(err)
			}
		}
		work := "go 1.26.0\n\nuse (\n\t./etcd35\n\t./etcd36\n)\n"
		if err := os.WriteFile(filepath.Join(root, "go.work"), []byte(work), 0o644); err != nil {
			t.Fatal(err)
		}
		res := run(t, codecheck.Options{Dir: root, Target: "3.7.3", Trial: codecheck.TrialOn,
			Env: append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))})
		if res.Trial == nil || len(res.Trial.Modules) != 2 {
			t.Fatalf("want 2 modules tried, got %+v; problems %q", res.Trial, problemKeys(res.Report))
		}
		var want []string
		for _, l := range want35 {
			want = append(want, "etcd35/"+l)
		}
		for _, l := range want36 {
			want = append(want, "etcd36/"+l)
		}
		slices.Sort(want)
		if got := trialLines(res.Trial); !slices.Equal(got, want) {
			t.Errorf("workspace: trial errors at\n\t%s\nthe bumps fail at\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	})
}

// TestFixMovesGoMod: --fix rewrites the code and moves go.mod and go.sum
// to the target; go build and go vet on the written tree then fail at
// exactly the errors the run listed as remaining. (Recording the starting
// version is the command line's: see the cli contract tests.)
func TestFixMovesGoMod(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	for _, b := range bumps {
		if b.name == "etcd31" {
			continue // its dependency break leaves nothing to build
		}
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dir := copyTree(t, filepath.Join(realModsDir, b.name))
			diff := run(t, codecheck.Options{Dir: dir, Target: b.target, Catalog: cat, Trial: codecheck.TrialAuto, Diff: true})
			if !strings.Contains(diff.Diff, "--- a/go.mod\n+++ b/go.mod\n") {
				t.Errorf("--diff does not show the go.mod change:\n%s", diff.Diff)
			}
			trials := map[string]int{}
			res := run(t, codecheck.Options{Dir: dir, Target: b.target, Catalog: cat, Trial: codecheck.TrialAuto, Fix: true,
				TrialStarted: func(root string) { trials[root]++ }})
			fx := res.Fixed
			if fx == nil || !fx.Bumped || !fx.Checked {
				t.Fatalf("fix summary %+v", fx)
			}
			// One trial of the tree as found (it moves go.mod), one of
			// the fixed tree, whose analysis is the fix's After.
			for root, n := range trials {
				if n != 2 {
					t.Errorf("%s: %d trials, want 2 (before and after the fixes)", root, n)
				}
			}
			if len(trials) == 0 || fx.After == nil || fx.After.Trial == nil || fx.After.Trial.Packages == 0 {
				t.Errorf("no analysis of the fixed tree with its trial: trials %v, after %+v", trials, fx.After)
			} else if len(fx.After.Trial.Errors) != len(fx.Remaining) {
				t.Errorf("the fixed tree's analysis has %d trial errors, the summary %d", len(fx.After.Trial.Errors), len(fx.Remaining))
			}
			line := fx.Line()
			if !strings.HasPrefix(line, "applied ") || !strings.HasSuffix(line, " remain") {
				t.Errorf("closing line %q", line)
			}
			set := map[string]bool{}
			for _, e := range fx.Remaining {
				set[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
			}
			want := sortedSet(set)
			got := map[string]bool{}
			for _, cmd := range [][]string{{"build", "-gcflags=-e", "-o", os.DevNull, "./..."}, {"vet", "./..."}} {
				out, _ := goCmd(t, dir, cmd...)
				if strings.Contains(out, "go.sum") || strings.Contains(out, "go mod tidy") {
					t.Fatalf("go %s: the written go.mod/go.sum are incomplete:\n%s", cmd[0], out)
				}
				for _, l := range strings.Split(out, "\n") {
					if m := compileErrorLine.FindStringSubmatch(l); m != nil {
						got[m[1]+":"+m[2]] = true
					}
				}
			}
			if g := sortedSet(got); !slices.Equal(g, want) {
				t.Errorf("after --fix, go build/vet fail at\n\t%s\nthe run listed\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// TestTrialRefutesEmbeddedClient: a type embedding *clientv3.Client
// inherits the methods the target adds, so the static "lacks GetStream"
// claim about it is checked by the type checker at the target and
// dropped, while the hand-written fake KV keeps its finding.
func TestTrialRefutesEmbeddedClient(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd36"))
	static := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOff})
	if !slices.Contains(findingKeys(static.Report), "fake/fake.go:146 EC3708") {
		t.Skip("the static analyzers no longer report the embedding type: nothing to refute")
	}
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOn})
	keys := findingKeys(res.Report)
	if slices.Contains(keys, "fake/fake.go:146 EC3708") {
		t.Errorf("the type embedding *clientv3.Client still has a finding: %q", keys)
	}
	if !slices.Contains(keys, "fake/fake.go:17 EC3708") {
		t.Errorf("the fake KV lost its finding: %q", keys)
	}
	if !slices.Equal(res.Trial.Refuted, []string{"fake/fake.go:146:EC3708"}) {
		t.Errorf("refuted %q", res.Trial.Refuted)
	}
}

// TestTrialSymlinkedGoMod: a go.mod that is a symbolic link is not read
// by the trial (the skip says so) and --fix writes nothing through it.
func TestTrialSymlinkedGoMod(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd36"))
	outside := filepath.Join(t.TempDir(), "go.mod")
	orig, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialAuto, Fix: true})
	p := trialSkip(res.Report)
	if p == nil || !strings.Contains(p.Message, "go.mod is not a regular file") {
		t.Fatalf("no skip for the linked go.mod; problems %q", problemKeys(res.Report))
	}
	if after, err := os.ReadFile(outside); err != nil || string(after) != string(orig) {
		t.Errorf("the file behind the link changed (%v)", err)
	}
}

// TestTrialToolchainTooOld: when the target modules declare a go
// directive newer than the Go toolchain (GOTOOLCHAIN=local), the trial
// reports EC0082 once at the go line. No real etcd release needs a Go
// newer than this one yet, so the target client module is served by a
// local file proxy, into a module cache of the test's own.
func TestTrialToolchainTooOld(t *testing.T) {
	t.Parallel()
	gomodcache, _, err := goOutput(t, ".", "env", "GOMODCACHE")
	if err != nil {
		t.Fatal(err)
	}
	proxy := t.TempDir()
	src := t.TempDir()
	files := map[string]string{
		"go.mod":    "module go.etcd.io/etcd/client/v3\n\ngo 1.99\n",
		"client.go": "// Package clientv3 is a stand-in that only declares a newer go directive.\npackage clientv3\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	at := filepath.Join(proxy, "go.etcd.io", "etcd", "client", "v3", "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(at, "v3.7.3.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(zf, module.Version{Path: "go.etcd.io/etcd/client/v3", Version: "v3.7.3"}, src); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"v3.7.3.mod": files["go.mod"], "v3.7.3.info": `{"Version":"v3.7.3"}`, "list": "v3.7.3\n"} {
		if err := os.WriteFile(filepath.Join(at, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	dir := copyTree(t, filepath.Join(realModsDir, "etcd35"))
	real := "file://" + filepath.ToSlash(filepath.Join(strings.TrimSpace(gomodcache), "cache", "download"))
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod -modcacherw", "GOMODCACHE="+t.TempDir(),
		"GOSUMDB=off", "GONOSUMDB=*", "GOPROXY=file://"+filepath.ToSlash(proxy)+","+real)
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialAuto, Env: env})
	var got []string
	for _, f := range res.Report.Findings {
		if f.Rule == "EC0082" {
			got = append(got, fmt.Sprintf("%s:%d %s", f.Location.File, f.Location.Line, f.Message))
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "go.mod:3 ") || !strings.Contains(got[0], "requires go >= 1.99") {
		t.Errorf("EC0082 findings %q, want one at go.mod:3 naming go 1.99", got)
	}
	if p := trialSkip(res.Report); p == nil || !p.Skipped {
		t.Errorf("the trial's stop is not reported as a skip: %q", problemKeys(res.Report))
	}
}

// TestTrialOnePackageOfModule: checking one package of a module whose
// other packages import etcd by the old paths, the trial moves those
// imports too (they have no fix to take the rewrite from) and so runs:
// it neither asks for the old module at the target version nor stops
// at the imported packages' import lines, and reports their breaks.
func TestTrialOnePackageOfModule(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd31"))
	res := run(t, codecheck.Options{Dir: dir, Patterns: []string{"."}, Target: "3.7.3", Trial: codecheck.TrialOn})
	if res.Trial == nil || len(res.Trial.Skipped) > 0 {
		t.Fatalf("trial did not run: %+v; problems %q", res.Trial, problemKeys(res.Report))
	}
	var got []string
	for _, e := range res.Trial.Errors {
		got = append(got, fmt.Sprintf("%s:%d", e.File, e.Line))
	}
	for _, want := range []string{"store/config.go:7", "store/store.go:24"} {
		if !slices.Contains(got, want) {
			t.Errorf("no compile error at %s (NewFromConfigFile, NewKVFromKVClient at 3.7) in the imported package; got %q", want, got)
		}
	}
	for _, e := range res.Trial.Errors {
		if strings.Contains(e.Message, "github.com/coreos/etcd") {
			t.Errorf("an old import path was not moved: %s:%d: %s", e.File, e.Line, e.Message)
		}
	}
}

// TestTrialBranchQueryIsSaid: etcd 3.4 publishes no module versions, so
// for a patch the catalog pins no commit for (3.4.45) the trial requires
// go.etcd.io/etcd at the head of release-3.4, which is not the patch
// release asked for: the report says which commit stood in for it. The module is served by a local file proxy that
// answers the branch query, into a module cache of the test's own.
func TestTrialBranchQueryIsSaid(t *testing.T) {
	t.Parallel()
	gomodcache, _, err := goOutput(t, ".", "env", "GOMODCACHE")
	if err != nil {
		t.Fatal(err)
	}
	const pseudo = "v0.5.0-alpha.5.0.20230414071934-94593e63d45c"
	proxy, src := t.TempDir(), t.TempDir()
	files := map[string]string{
		"go.mod":             "module go.etcd.io/etcd\n\ngo 1.12\n",
		"clientv3/client.go": "// Package clientv3 is a stand-in.\npackage clientv3\n\n// Config is a stand-in.\ntype Config struct{ Endpoints []string }\n",
		"mvcc/mvccpb/kv.go":  "// Package mvccpb is a stand-in.\npackage mvccpb\n",
	}
	for name, content := range files {
		writeFile(t, filepath.Join(src, filepath.FromSlash(name)), content)
	}
	at := filepath.Join(proxy, "go.etcd.io", "etcd", "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(at, pseudo+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(zf, module.Version{Path: "go.etcd.io/etcd", Version: pseudo}, src); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	info := `{"Version":"` + pseudo + `","Time":"2023-04-14T07:19:34Z"}`
	for name, content := range map[string]string{pseudo + ".mod": files["go.mod"], pseudo + ".info": info, "release-3.4.info": info, "list": ""} {
		writeFile(t, filepath.Join(at, name), content)
	}

	dir := copyTree(t, filepath.Join(realModsDir, "etcd3213"))
	// The fixture's other requirements come from the user's module cache,
	// read as a file proxy: fill it first, so that the test does not rely
	// on another test having downloaded them.
	if _, stderr, err := goOutput(t, dir, "mod", "download"); err != nil {
		t.Skipf("the fixture's requirements cannot be downloaded (offline?): %v\n%s", err, stderr)
	}
	real := "file://" + filepath.ToSlash(filepath.Join(strings.TrimSpace(gomodcache), "cache", "download"))
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -modcacherw", "GOMODCACHE="+t.TempDir(),
		"GOSUMDB=off", "GONOSUMDB=*", "GOPROXY=file://"+filepath.ToSlash(proxy)+","+real)
	res := run(t, codecheck.Options{Dir: dir, Target: "3.4.45", Trial: codecheck.TrialOn, Env: env})
	if p := trialSkip(res.Report); p != nil {
		t.Fatalf("the trial did not run: %s", p.Message)
	}
	want := "used go.etcd.io/etcd@" + pseudo + ", the newest commit of release-3.4"
	if !slices.ContainsFunc(res.Report.Notices, func(n string) bool { return strings.Contains(n, want) }) {
		t.Errorf("no notice %q; notices %q", want, res.Report.Notices)
	}
}

// TestFixHoldsBackTargetOnly: when the trial cannot move go.mod (the
// target modules cannot be had), --fix applies only the fixes that
// compile against the modules go.mod requires now and holds back the
// rest, each reported; the written tree still builds. 3.7.2 is not in
// the module cache and GOPROXY=off keeps it out.
func TestFixHoldsBackTargetOnly(t *testing.T) {
	t.Parallel()
	for _, mode := range []codecheck.TrialMode{codecheck.TrialAuto, codecheck.TrialOff} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			testFixHoldsBack(t, mode)
		})
	}
}

// testFixHoldsBack runs --fix offline with the trial skipped (auto) or
// off: either way go.mod is not moved and the same fixes are held back.
func testFixHoldsBack(t *testing.T, mode codecheck.TrialMode) {
	dir := copyTree(t, filepath.Join(realModsDir, "etcd31"))
	env := append(os.Environ(), "GOPROXY=off", "GOWORK=off")
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.2", Trial: mode, Fix: true, Env: env})
	if p := trialSkip(res.Report); mode == codecheck.TrialAuto && (p == nil || !p.Skipped) {
		t.Fatalf("the trial was not skipped: %q", problemKeys(res.Report))
	}
	if res.Fixed != nil && res.Fixed.Held > 0 && !strings.Contains(res.Fixed.Line(), "held back") {
		t.Errorf("closing line %q does not say fixes were held back", res.Fixed.Line())
	}
	fx := res.Fixed
	if fx == nil || fx.Held == 0 || fx.Fixes == 0 {
		t.Fatalf("fix summary %+v: want fixes both applied and held back", fx)
	}
	var held []string
	for _, p := range fx.Problems {
		if strings.Contains(p.Message, "held back") {
			held = append(held, p.Message)
		}
	}
	if len(held) != fx.Held {
		t.Errorf("%d fixes held back, %d reported: %q", fx.Held, len(held), held)
	}
	if !slices.ContainsFunc(held, func(m string) bool { return strings.Contains(m, "Import go.etcd.io/etcd/client/v3") }) {
		t.Errorf("the import move to a module go.mod does not require was not held back: %q", held)
	}
	if main := readFile(t, filepath.Join(dir, "main.go")); !strings.Contains(main, "context.DeadlineExceeded") {
		t.Errorf("the fix that compiles at 3.1.20 (EC3202) was not applied:\n%s", main)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the fixed tree does not build against its own go.mod: %v\n%s", err, out)
	}
}

// TestTrialSilentChanges: the analyzers run again on the packages that
// type-check at the target, and their silent-change findings merge with
// the static pass's: the same lines and rules, each once, confirmed at
// the target (not low confidence).
func TestTrialSilentChanges(t *testing.T) {
	t.Parallel()
	dir := pinsOnly(t, "etcd35")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

import (
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

func main() {
	cfg := clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}}
	cfg.DialOptions = []grpc.DialOption{grpc.WithBlock()}
	if cli, err := clientv3.New(cfg); err == nil {
		_ = cli.Close()
	}
}
`)
	silent := func(rep *report.Report) []string {
		var out []string
		for _, f := range rep.Findings {
			if f.Severity < rules.Error {
				out = append(out, fmt.Sprintf("%s:%d %s low=%v", f.Location.File, f.Location.Line, f.Rule, f.LowConfidence))
			}
		}
		slices.Sort(out)
		return out
	}
	static := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOff})
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOn})
	if res.Trial == nil || len(res.Trial.Errors) != 0 {
		t.Fatalf("the trial did not run cleanly: %+v, problems %q", res.Trial, problemKeys(res.Report))
	}
	want := silent(static.Report)
	if !slices.Contains(want, "main.go:10 EC3701 low=false") {
		t.Fatalf("the static pass no longer reports the ignored WithBlock: %q", want)
	}
	if res.Trial.Silent != len(want) || res.Trial.Added != 0 {
		t.Errorf("the analyzers at the target made %d silent findings (%d added), want the static pass's %d: %q",
			res.Trial.Silent, res.Trial.Added, len(want), want)
	}
	if got := silent(res.Report); !slices.Equal(got, want) {
		t.Errorf("silent findings with the trial\n\t%s\nwithout\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestTrialErrorGoesToTheFindingAtItsColumn puts an import-path move of
// 3.5 and a signature change of 3.7 on one line (a file written on one
// line, as generated code can be): the overlay resolves the move, so the
// compile error the trial finds there is the signature change's, at its
// column, and must confirm that finding, not the import's.
func TestTrialErrorGoesToTheFindingAtItsColumn(t *testing.T) {
	t.Parallel()
	dir := pinsOnly(t, "etcd34")
	line := `package main; import ("context"; "go.etcd.io/etcd/clientv3"; "go.etcd.io/etcd/clientv3/concurrency"); ` +
		`func watch(ctx context.Context, e *concurrency.Election) { var ch <-chan clientv3.GetResponse = e.Observe(ctx); _ = ch }; func main() { _ = watch }` + "\n"
	writeFile(t, filepath.Join(dir, "main.go"), line)
	obs := strings.Index(line, "e.Observe(ctx)") + 1
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOn})
	if res.Trial == nil || len(res.Trial.Skipped) > 0 {
		t.Skipf("SKIPPED: the trial did not run (module proxy or cache missing?): %+v", res.Trial)
	}
	var onLine []string
	var sig *report.Finding
	for i, f := range res.Report.Findings {
		if f.Location.File != "main.go" || f.Location.Line != 1 {
			continue
		}
		onLine = append(onLine, fmt.Sprintf("%s@%d-%d", f.Rule, f.Location.Column, f.Location.EndColumn))
		if f.Location.Column <= obs && obs <= f.Location.EndColumn && strings.Contains(f.Message, "Observe") {
			sig = &res.Report.Findings[i]
		}
	}
	if sig == nil || len(onLine) < 3 {
		t.Fatalf("want the import moves and the Observe change on line 1 (Observe at column %d), got %q", obs, onLine)
	}
	var errs []string
	for _, e := range res.Trial.Errors {
		errs = append(errs, fmt.Sprintf("%d:%d %s %s", e.Line, e.Column, e.Rule, e.Message))
		if e.Line != 1 {
			continue
		}
		if e.Rule != sig.Rule {
			t.Errorf("the compile error at column %d (%s) went to %s, want %s, the finding at that column (%q)", e.Column, e.Message, e.Rule, sig.Rule, onLine)
		}
	}
	if len(errs) == 0 {
		t.Fatal("the trial found no compile error: the fixture no longer breaks at 3.7")
	}
	if !strings.Contains(sig.Note, "does not compile against etcd 3.7.3") {
		t.Errorf("the Observe finding is not confirmed by the trial: note %q; trial errors %q", sig.Note, errs)
	}
	for _, f := range res.Report.Findings {
		if f.Location.Line == 1 && f.Rule != sig.Rule && strings.Contains(f.Note, "does not compile") {
			t.Errorf("%s at column %d took the compile error: note %q", f.Rule, f.Location.Column, f.Note)
		}
	}
}

// TestTrialDependencyBodyBreak: klog v2.4.0 compares a logr.Logger with
// nil inside its function bodies; the logr v1 that etcd 3.7's grpc
// brings in makes Logger a struct, so klog stops compiling. The real
// bump's go build fails there, and the trial, which checks the bodies
// of a dependency whose imports were raised above what its go.mod asks
// for, reports it at klog's require line.
func TestTrialDependencyBodyBreak(t *testing.T) {
	t.Parallel()
	src := filepath.Join(realModsDir, "klog35")
	bumped := copyTree(t, src)
	if out, err := goCmd(t, bumped, "get", "go.etcd.io/etcd/client/v3@v3.7.3"); err != nil {
		t.Skipf("SKIPPED: the real bump cannot be made (module proxy?): %v\n%s", err, out)
	}
	out, err := goCmd(t, bumped, "build", "-o", os.DevNull, "./...")
	if err == nil || !strings.Contains(out, "klog") || !strings.Contains(out, "logr != nil") {
		t.Fatalf("the real bump no longer fails in klog (err %v):\n%s", err, out)
	}
	dir := copyTree(t, src)
	res := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOn})
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	klogLine := 0
	for i, l := range strings.Split(string(gomod), "\n") {
		if strings.Contains(l, "k8s.io/klog/v2 ") {
			klogLine = i + 1
		}
	}
	var deps []string
	found := false
	for _, f := range res.Report.Findings {
		if f.Rule != "EC0081" {
			continue
		}
		deps = append(deps, fmt.Sprintf("%s:%d %s", f.Location.File, f.Location.Line, f.Message))
		found = found || f.Location.File == "go.mod" && f.Location.Line == klogLine &&
			strings.Contains(f.Message, "k8s.io/klog/v2") && strings.Contains(f.Message, "logr != nil")
	}
	if !found {
		t.Errorf("no EC0081 at go.mod:%d for klog's body errors; dependency findings %q", klogLine, deps)
	}
}

// pinsOnly returns a temporary module holding only the go.mod and go.sum
// of the realmods fixture name: its requirements, for code a test writes.
func pinsOnly(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		writeFile(t, filepath.Join(dir, f), readFile(t, filepath.Join(realModsDir, name, f)))
	}
	return dir
}
