package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

func catalog(t *testing.T) *rules.Catalog {
	t.Helper()
	c, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParse(t *testing.T) {
	cat := catalog(t)
	src := `# project settings
target = "3.7"
from = "3.5.20"
fail_on = "warning"
exclude = ["vendor/**", "internal/gen/*.go"]

[rules]
disable = ["EO0002"]

[rules.severity]
EO0007 = "error"
`
	s, err := Parse("/p/.etcdlint.toml", []byte(src), cat)
	if err != nil {
		t.Fatal(err)
	}
	if s.Target != "3.7" || s.From != "3.5.20" || s.FailOn != "warning" {
		t.Errorf("got target %q from %q fail_on %q", s.Target, s.From, s.FailOn)
	}
	if !s.Disabled("EO0002") || s.Disabled("EO0001") {
		t.Errorf("Disabled: EO0002=%v EO0001=%v", s.Disabled("EO0002"), s.Disabled("EO0001"))
	}
	if got := s.Severity("EO0007", rules.Warning); got != rules.Error {
		t.Errorf("Severity(EO0007) = %v, want error", got)
	}
	if got := s.Severity("EO0001", rules.Info); got != rules.Info {
		t.Errorf("Severity(EO0001) = %v, want the default", got)
	}
	for file, want := range map[string]bool{
		"/p/vendor/x/y.go":       true,
		"/p/internal/gen/a.go":   true,
		"/p/internal/gen/b/a.go": false,
		"/p/main.go":             false,
		"/elsewhere/vendor/a.go": false,
	} {
		if got := s.Excluded(file, "/p"); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", file, got, want)
		}
	}
	if !s.Excluded("vendor/a.go", "/p") {
		t.Error("Excluded with a path relative to the working directory failed")
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	cat := catalog(t)
	tests := []struct{ src, want string }{
		{"target = \"3.7\"\ncolour = \"red\"\n", `cfg.toml:2: unknown key "colour"`},
		{"[rules]\ndisable = [\"EO0001\"]\nenabled = [\"EO0002\"]\n", `cfg.toml:3: unknown key "rules.enabled"`},
		{"[rules]\nenable = [\"EC\", \"zz\"]\n", `cfg.toml:2: rules.enable: "zz" matches no rule`},
		{"target = \"3.x\"\n", `cfg.toml:1: target: invalid etcd version "3.x"`},
		{"\nfrom = \"latest\"\n", `cfg.toml:2: from: invalid etcd version`},
		{"fail_on = \"sometimes\"\n", `cfg.toml:1: fail_on: invalid severity`},
		{"[rules]\ndisable = [\"EC9999\"]\n", `cfg.toml:2: rules.disable: "EC9999" matches no rule`},
		{"[rules.severity]\nEO0001 = \"fatal\"\n", `cfg.toml:2: rules.severity.EO0001: invalid severity "fatal"`},
		{"[rules.severity]\nXX = \"error\"\n", `cfg.toml:2: rules.severity: unknown rule "XX"`},
		{"exclude = [\"[\"]\n", `cfg.toml:1: exclude: invalid pattern`},
		{"target = 3.7\n", `cfg.toml:1`},
		{"target = \"3.7\n", `cfg.toml:1`},
	}
	for _, tt := range tests {
		_, err := Parse("cfg.toml", []byte(tt.src), cat)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.src, err, tt.want)
		}
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != "" {
		// A parent of the temp dir could hold one; only fail if it is ours.
		if strings.HasPrefix(p, root) {
			t.Fatalf("Find found %q before any file existed (err %v)", p, err)
		}
	}
	want := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(want, []byte("target = \"3.6\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != want {
		t.Fatalf("Find = %q, %v; want %q", got, err, want)
	}
	s, err := Load(got, catalog(t))
	if err != nil || s.Target != "3.6" {
		t.Fatalf("Load = %+v, %v", s, err)
	}
	if _, err := Load(filepath.Join(root, "missing.toml"), catalog(t)); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		pat, name string
		want      bool
	}{
		{"vendor", "vendor/a/b.go", true},
		{"**/gen", "x/y/gen/a.go", true},
		{"**/*.pb.go", "api/x.pb.go", true},
		{"**/*.pb.go", "x.pb.go", true},
		{"*.go", "a/b.go", false},
		{"a/**/c", "a/c", true},
		{"a/**/c", "a/b/d", false},
	} {
		if got := Match(tt.pat, tt.name); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pat, tt.name, got, tt.want)
		}
	}
}

func TestSelected(t *testing.T) {
	for _, tc := range []struct {
		id              string
		enable, disable []string
		want            bool
	}{
		{"EC3401", nil, nil, true},
		{"EC3401", []string{"es"}, nil, false},
		{"EC3401", []string{"ec3"}, nil, true},
		{"EC3401", []string{"ALL"}, []string{"ec34"}, false},
		{"EC3401", nil, []string{"all"}, false},
		{"EC3401", []string{"ec3401"}, []string{"EC35"}, true},
		{"ES3601", []string{"EC", "es36"}, nil, true},
		{"ES3501", []string{"EC", "es36"}, nil, false},
	} {
		if got := Selected(tc.id, tc.enable, tc.disable); got != tc.want {
			t.Errorf("Selected(%s, %q, %q) = %v, want %v", tc.id, tc.enable, tc.disable, got, tc.want)
		}
	}
}
