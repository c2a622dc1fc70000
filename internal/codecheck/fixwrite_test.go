package codecheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixWriteSymlinkOutOfModule plants a .go file that is a symlink to
// a file outside the module: the fix is reported as not written and the
// outside file is unchanged, while a regular file beside it is fixed.
func TestFixWriteSymlinkOutOfModule(t *testing.T) {
	mod, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim.go")
	if err := os.WriteFile(victim, []byte("package victim\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(mod, "a.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "b.go"), []byte("package b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ff := fixedFiles{
		"a.go": {before: []byte("package victim\n"), after: []byte("package evil\n")},
		"b.go": {before: []byte("package b\n"), after: []byte("package b // fixed\n")},
	}
	problems := ff.write(mod)
	if len(problems) != 1 || problems[0].Input != "a.go" || !strings.Contains(problems[0].Message, "symbolic link") {
		t.Fatalf("problems = %+v, want one for a.go naming the symbolic link", problems)
	}
	if b, _ := os.ReadFile(victim); string(b) != "package victim\n" {
		t.Fatalf("file outside the module changed: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(mod, "b.go")); string(b) != "package b // fixed\n" {
		t.Fatalf("b.go = %q, want the fix", b)
	}
	if info, _ := os.Stat(filepath.Join(mod, "b.go")); info.Mode().Perm() != 0o600 {
		t.Fatalf("b.go mode %v, want 0600 kept", info.Mode().Perm())
	}
}
