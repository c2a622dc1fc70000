package codecheck_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/internal/srcload"
)

// The checks of a --fix run with a trial, in order, as the cache sees
// them: the static pass and the trial of the tree as found, then the
// static pass and the trial of the written tree.
const (
	passTrial      = 1
	passFixed      = 2
	passFixedTrial = 3
)

// TestFixReuseSameOutcome: --fix with the written tree's check reusing
// the trial's packages reports exactly what it reports checking the
// written tree from nothing (findings, problems, remaining compile
// errors, closing line, the written tree's analysis), writes the same
// files, and does reuse packages.
func TestFixReuseSameOutcome(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	for _, tc := range []struct{ name, src, target string }{
		{"sample", sampleDir, cat.LatestStable().String()},
		{"etcd35", filepath.Join(realModsDir, "etcd35"), "3.7.3"},
		{"etcd34", filepath.Join(realModsDir, "etcd34"), "3.5.35"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cache := srcload.NewCache()
			reuseDir, freshDir := copyTree(t, tc.src), copyTree(t, tc.src)
			opts := codecheck.Options{Target: tc.target, Catalog: cat, Trial: codecheck.TrialAuto, Fix: true}
			opts.Dir = reuseDir
			reused := run(t, codecheck.WithCache(opts, cache))
			opts.Dir = freshDir
			fresh := run(t, codecheck.WithoutReuse(opts))

			if reused.Fixed == nil || !reused.Fixed.Checked || fresh.Fixed == nil {
				t.Fatalf("fix summaries %+v and %+v", reused.Fixed, fresh.Fixed)
			}
			if a, b := reused.Fixed.Line(), fresh.Fixed.Line(); a != b {
				t.Errorf("closing line with reuse %q, without %q", a, b)
			}
			for what, v := range map[string][2]any{
				"report":               {reused.Report, fresh.Report},
				"fix summary":          {withoutAfter(*reused.Fixed), withoutAfter(*fresh.Fixed)},
				"written tree":         {reused.Fixed.After.Report, fresh.Fixed.After.Report},
				"written tree's trial": {reused.Fixed.After.Trial, fresh.Fixed.After.Trial},
			} {
				a, b := jsonText(t, v[0], reuseDir), jsonText(t, v[1], freshDir)
				if a != b {
					t.Errorf("%s with reuse:\n%s\nwithout:\n%s", what, a, b)
				}
			}
			if a, b := treeFiles(t, reuseDir), treeFiles(t, freshDir); !equalTrees(a, b) {
				t.Errorf("the written trees differ")
			}

			passes := cache.Passes()
			if len(passes) != 4 {
				t.Fatalf("%d checks through the cache, want 4", len(passes))
			}
			for _, i := range []int{passFixed, passFixedTrial} {
				if len(passes[i].Reused) == 0 {
					t.Errorf("check %d of the written tree reused nothing; checked %q", i, passes[i].Checked)
				}
			}
		})
	}
}

// withoutAfter is a fix summary without the written tree's analysis,
// compared on its own.
func withoutAfter(s codecheck.FixSummary) codecheck.FixSummary {
	s.After = nil
	return s
}

// jsonText renders v as JSON with dir replaced by DIR.
func jsonText(t *testing.T, v any, dir string) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), dir, "DIR")
}

// treeFiles returns the content of every file below dir, by relative path.
func treeFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestFixRecheckOnlyChanged: the checks of the written tree type-check
// only the package whose file the fixes edited (main.go of etcd35: its
// etcd error and enum names), once: the static pass checks it, the
// trial takes it from there; the target's etcd and grpc packages and
// the module's untouched packages are taken from the first trial.
func TestFixRecheckOnlyChanged(t *testing.T) {
	t.Parallel()
	cache := srcload.NewCache()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd35"))
	res := run(t, codecheck.WithCache(codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialAuto, Fix: true}, cache))
	if res.Fixed == nil || !res.Fixed.Checked || res.FilesFixed == 0 {
		t.Fatalf("fix summary %+v", res.Fixed)
	}
	passes := cache.Passes()
	if len(passes) != 4 {
		t.Fatalf("%d checks through the cache, want 4", len(passes))
	}
	if !slices.Contains(passes[passTrial].Checked, "go.etcd.io/etcd/client/v3") {
		t.Fatalf("the trial did not check the target's client: %d checked", len(passes[passTrial].Checked))
	}
	if got := passes[passFixed].Checked; !slices.Equal(got, []string{"example.com/etcd35client"}) {
		t.Errorf("the static pass of the written tree type-checked %q, want only the edited main package", got)
	}
	if got := passes[passFixedTrial].Checked; len(got) != 0 {
		t.Errorf("the trial of the written tree type-checked %q, want nothing", got)
	}
	for _, i := range []int{passFixed, passFixedTrial} {
		for _, id := range []string{"go.etcd.io/etcd/client/v3", "google.golang.org/grpc", "example.com/etcd35client/fake", "example.com/etcd35client/backup", "fmt"} {
			if !slices.Contains(passes[i].Reused, id) {
				t.Errorf("check %d of the written tree did not reuse %s", i, id)
			}
		}
	}
	if !slices.Contains(passes[passFixedTrial].Reused, "example.com/etcd35client") {
		t.Error("the trial of the written tree did not take the main package from its static pass")
	}
}

// TestFixRecheckSeesEdit: a file that changes between the trial and the
// check of the written tree (here the type of a field of a package the
// fixes did not touch) is type-checked again: the errors the change
// makes are among the remaining ones.
func TestFixRecheckSeesEdit(t *testing.T) {
	t.Parallel()
	cache := srcload.NewCache()
	dir := copyTree(t, filepath.Join(realModsDir, "etcd35"))
	fake := filepath.Join(dir, "fake", "fake.go")
	edit := func() {
		b, err := os.ReadFile(fake)
		if err != nil {
			t.Error(err)
			return
		}
		s := strings.Replace(string(b), "m  map[string]string\n", "m  map[string]int\n", 1)
		if s == string(b) {
			t.Error("fake.go has no field m map[string]string to change")
		}
		if err := os.WriteFile(fake, []byte(s), 0o644); err != nil {
			t.Error(err)
		}
	}
	opts := codecheck.BeforeRecheck(codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialAuto, Fix: true}, edit)
	res := run(t, codecheck.WithCache(opts, cache))
	if res.Fixed == nil || !res.Fixed.Checked {
		t.Fatalf("fix summary %+v", res.Fixed)
	}
	found := false
	for _, e := range res.Fixed.Remaining {
		if e.File == "fake/fake.go" && e.Line == 28 { // k.m[key] = val: a string into the map of int
			found = true
		}
	}
	if !found {
		t.Errorf("the check of the written tree does not see the field's new type: remaining %+v", res.Fixed.Remaining)
	}
	passes := cache.Passes()
	if len(passes) != 4 || !slices.Contains(passes[passFixed].Checked, "example.com/etcd35client/fake") {
		t.Errorf("the edited package was not checked again (%d checks)", len(passes))
	}
}
