package configcheck

import (
	"path/filepath"
	"regexp"
	"strings"
)

// unitDirective is one Key=Value line of a systemd unit.
type unitDirective struct {
	section string
	key     string
	line    int
	valOff  int // offset of the value's first byte
	lineOff int // offset of the key
}

// parseUnit lists the directives of a systemd unit file.
func parseUnit(src *source) []unitDirective {
	var out []unitDirective
	section := ""
	for n := 1; n <= len(src.lines); n++ {
		raw := src.line(n)
		text := strings.TrimLeft(raw, " \t")
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		if text[0] == '[' {
			section = strings.Trim(strings.TrimSpace(text), "[]")
			continue
		}
		key, _, ok := strings.Cut(text, "=")
		if !ok {
			continue
		}
		off := src.lines[n-1] + len(raw) - len(text)
		valOff := off + len(key) + 1
		for valOff < len(src.data) && (src.data[valOff] == ' ' || src.data[valOff] == '\t') {
			valOff++
		}
		out = append(out, unitDirective{section: section, key: strings.TrimSpace(key), line: n, valOff: valOff, lineOff: off})
		// Skip continuation lines.
		for strings.HasSuffix(strings.TrimRight(src.line(n), " \t"), "\\") && n < len(src.lines) {
			n++
		}
	}
	return out
}

// looksLikeUnit reports whether src is a systemd unit.
func looksLikeUnit(src *source) bool {
	for _, d := range parseUnit(src) {
		if d.section == "Service" || d.key == "ExecStart" {
			return true
		}
	}
	return false
}

// resolveUnitPath resolves a path written in a unit relative to the
// unit's directory: relative paths are joined to it, and an absolute path
// that does not exist is looked up by its base name next to the unit (so
// a unit can be checked together with its files copied beside it).
func resolveUnitPath(unitPath, p string, exists func(string) bool) string {
	dir := filepath.Dir(unitPath)
	if !filepath.IsAbs(p) {
		return filepath.Join(dir, p)
	}
	if exists(p) || unitPath == "" {
		return p
	}
	return filepath.Join(dir, filepath.Base(p))
}

// specifierRE matches a systemd specifier (%H, %m, %i, %n ...).
var specifierRE = regexp.MustCompile(`%[a-zA-Z]`)

// opaque reports whether a setting's value is only known where it runs:
// a systemd specifier or an unexpanded $VAR. Such values are not checked
// as URLs or by etcd's validation.
func (s *setting) opaque() bool {
	if s.src != nil && s.src.kind == KindSystemdUnit && specifierRE.MatchString(s.value) {
		return true
	}
	return strings.Contains(s.value, "$")
}
