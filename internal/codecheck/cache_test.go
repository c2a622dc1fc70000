package codecheck_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
)

// TestResultCache: a read-only run whose inputs are unchanged reuses
// the stored outcome, byte for byte; any change to the code, the tree's
// file names, the go settings or the options runs the analysis again,
// and --fix and outcomes with problems never use the cache.
func TestResultCache(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, sampleDir)
	cache := t.TempDir()
	var steps []string
	base := codecheck.Options{Dir: dir, Target: "3.7.3", Trial: codecheck.TrialOff, CacheDir: cache,
		Progress: func(s string) { steps = append(steps, s) }}
	// reused runs opts and reports whether the outcome came from the
	// cache, and the outcome's report as JSON.
	reused := func(opts codecheck.Options) (bool, string) {
		t.Helper()
		steps = nil
		res := run(t, opts)
		b, err := json.Marshal(res.Report)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(steps, func(s string) bool { return strings.Contains(s, "reused") }), string(b)
	}

	hit, first := reused(base)
	if hit {
		t.Fatal("first run reused a result from an empty cache")
	}
	if !strings.Contains(first, "EC") {
		t.Fatalf("the sample gives no findings: %s", first)
	}
	hit, second := reused(base)
	if !hit || second != first {
		t.Fatalf("unchanged tree: reused %v, same report %v", hit, second == first)
	}

	// Each change runs the analysis again, then its outcome is reused.
	changes := []struct {
		name   string
		change func(*codecheck.Options)
	}{
		{"a Go file's content", func(*codecheck.Options) {
			appendFile(t, filepath.Join(dir, "main.go"), "\n// a comment\n")
		}},
		{"a new file", func(*codecheck.Options) {
			writeFile(t, filepath.Join(dir, "assets", "data.txt"), "x")
		}},
		{"go settings", func(o *codecheck.Options) {
			o.Env = append(os.Environ(), "GOFLAGS=-tags=etcdlintcache")
		}},
		{"the target", func(o *codecheck.Options) { o.Target = "3.6.16" }},
		{"the from version", func(o *codecheck.Options) { o.From = "3.1.0" }},
	}
	for _, c := range changes {
		opts := base
		c.change(&opts)
		if hit, _ := reused(opts); hit {
			t.Errorf("%s changed: the stored result was reused", c.name)
		}
		if hit, _ := reused(opts); !hit {
			t.Errorf("%s changed, second run: not reused", c.name)
		}
	}

	fix := base
	fix.Diff = true
	if hit, _ := reused(fix); hit {
		t.Error("--diff reused a stored result")
	}

	// A file that does not parse is the tree's own outcome: kept.
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\nfunc broken() {\n")
	if hit, _ := reused(base); hit {
		t.Error("a new file that does not parse: reused")
	}
	if hit, _ := reused(base); !hit {
		t.Error("the same file that does not parse, second run: not reused")
	}
	// An import no module provides may be provided later: never kept.
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\nimport _ \"example.com/nowhere/pkg\"\n")
	for i := range 2 {
		if hit, _ := reused(base); hit {
			t.Errorf("run %d with an import no module provides: reused", i+1)
		}
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
