// Package settings loads a project's .etcdlint.toml: the default target and
// from versions, rules to disable, per-rule severity overrides and paths to
// exclude. Decoding is strict; every error names the file and line.
package settings

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/internal/tomlx"
	"github.com/etcdlint/etcdlint/rules"
)

// FileName is the name of the project config file.
const FileName = ".etcdlint.toml"

// Settings is a decoded .etcdlint.toml.
type Settings struct {
	// Target is the etcd version to upgrade to (X.Y or X.Y.Z).
	Target string `toml:"target"`
	// From is the etcd version upgraded from, when it cannot be inferred.
	From string `toml:"from"`
	// FailOn is the lowest severity that fails the run (error, warning,
	// info or never).
	FailOn string `toml:"fail_on"`
	// Exclude lists slash-separated path patterns, relative to the config
	// file's directory, whose findings are dropped ("**" matches any
	// number of directories).
	Exclude []string `toml:"exclude"`
	Rules   struct {
		// Enable, when set, lists the only rules to report: IDs, families
		// (ID prefixes such as EC or ES36) or all, case-insensitive.
		Enable []string `toml:"enable"`
		// Disable lists rules never to report, written as for Enable.
		Disable []string `toml:"disable"`
		// Severity overrides rule severities by ID.
		Severity map[string]string `toml:"severity"`
	} `toml:"rules"`

	// Path is the file the settings came from ("" for none).
	Path string `toml:"-"`
	// Dir is the directory Exclude patterns are relative to.
	Dir string `toml:"-"`

	severity map[string]rules.Severity
}

// Find looks for FileName in dir and each of its parents and returns its
// path, or "" if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("finding %s: %w", FileName, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates the settings file at path against the catalog.
func Load(file string, cat *rules.Catalog) (*Settings, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading project config: %w", err)
	}
	return Parse(file, data, cat)
}

// Parse decodes settings from data; file names the source in errors.
func Parse(file string, data []byte, cat *rules.Catalog) (*Settings, error) {
	s := &Settings{Path: file, Dir: filepath.Dir(file)}
	if _, err := tomlx.Decode(file, data, s); err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	at := func(needle string) int {
		for i, l := range lines {
			if strings.Contains(l, needle) {
				return i + 1
			}
		}
		return 0
	}
	var errs []error
	bad := func(needle, format string, args ...any) {
		errs = append(errs, &tomlx.Error{File: file, Line: at(needle), Msg: fmt.Sprintf(format, args...)})
	}
	for _, v := range []struct{ key, val string }{{"target", s.Target}, {"from", s.From}} {
		if v.val == "" {
			continue
		}
		if _, err := rules.ParseVersion(v.val); err != nil {
			bad(v.key, "%s: %v", v.key, err)
		}
	}
	if s.FailOn != "" && s.FailOn != "never" {
		if _, err := rules.ParseSeverity(s.FailOn); err != nil {
			bad("fail_on", "fail_on: %v (or never)", err)
		}
	}
	for _, p := range s.Rules.Enable {
		if err := CheckRulePattern(cat, p); err != nil {
			bad(p, "rules.enable: %v", err)
		}
	}
	for _, p := range s.Rules.Disable {
		if err := CheckRulePattern(cat, p); err != nil {
			bad(p, "rules.disable: %v", err)
		}
	}
	s.severity = map[string]rules.Severity{}
	for id, sev := range s.Rules.Severity {
		if r := cat.Rule(strings.ToUpper(id)); r != nil {
			id = r.ID
		}
		if cat.Rule(id) == nil {
			bad(id, "rules.severity: unknown rule %q", id)
			continue
		}
		v, err := rules.ParseSeverity(sev)
		if err != nil {
			bad(id, "rules.severity.%s: %v", id, err)
			continue
		}
		s.severity[id] = v
	}
	for _, p := range s.Exclude {
		if _, err := path.Match(strings.ReplaceAll(p, "**", "x"), ""); err != nil || p == "" || path.IsAbs(p) {
			bad(p, "exclude: invalid pattern %q", p)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// Disabled reports whether the settings turn the rule off: it is in
// rules.disable, or rules.enable is set and does not name it.
func (s *Settings) Disabled(id string) bool {
	if s == nil {
		return false
	}
	return !Selected(id, s.Rules.Enable, s.Rules.Disable)
}

// Selected reports whether rule id is reported under an enable and a
// disable list, in the spirit of staticcheck's -checks: an empty enable
// list means all rules; disable wins over enable. Each entry is a rule ID,
// a family (an ID prefix: EC, ES3, EO36) or all, case-insensitive.
func Selected(id string, enable, disable []string) bool {
	on := len(enable) == 0
	for _, p := range enable {
		if MatchRule(p, id) {
			on = true
		}
	}
	for _, p := range disable {
		if MatchRule(p, id) {
			on = false
		}
	}
	return on
}

// MatchRule reports whether a rule pattern (an ID, an ID prefix or all,
// case-insensitive) matches rule id.
func MatchRule(pattern, id string) bool {
	p := strings.ToUpper(strings.TrimSpace(pattern))
	return p == "ALL" || (p != "" && strings.HasPrefix(strings.ToUpper(id), p))
}

// CheckRulePattern returns an error when a rule pattern matches no rule
// of the catalog (a typo must not silently select nothing).
func CheckRulePattern(cat *rules.Catalog, pattern string) error {
	for _, r := range cat.Rules() {
		if MatchRule(pattern, r.ID) {
			return nil
		}
	}
	return fmt.Errorf("%q matches no rule (want a rule ID, a family such as EC or ES36, or all)", pattern)
}

// Severity returns the overridden severity of a rule, or def.
func (s *Settings) Severity(id string, def rules.Severity) rules.Severity {
	if s != nil {
		if v, ok := s.severity[id]; ok {
			return v
		}
	}
	return def
}

// Excluded reports whether a file path (absolute, or relative to the
// working directory wd) matches an exclude pattern.
func (s *Settings) Excluded(file, wd string) bool {
	if s == nil || len(s.Exclude) == 0 || file == "" {
		return false
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(wd, file)
	}
	rel, err := filepath.Rel(s.Dir, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range s.Exclude {
		if Match(p, rel) {
			return true
		}
	}
	return false
}

// Match reports whether a slash-separated path matches pattern, where
// "**" stands for any number of path elements (including none) and the
// other elements follow path.Match. A pattern also matches every path
// below a directory it matches.
func Match(pattern, name string) bool {
	return match(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func match(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if match(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return true // the pattern matched a directory: everything below it too
}
