package configcheck

import (
	"strings"
)

// envLine is one NAME=VALUE line of an env file.
type envLine struct {
	name, value string
	line        int
	nameOff     int // byte offset of the name
}

// parseEnvFile reads KEY=VALUE lines: blank lines and # comments are
// skipped, an "export " prefix is allowed, values may be single- or
// double-quoted. bad lists the lines that are neither.
func parseEnvFile(src *source) (vars []envLine, bad []int) {
	for n := 1; n <= len(src.lines); n++ {
		raw := src.line(n)
		text := strings.TrimLeft(raw, " \t")
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		indent := len(raw) - len(text)
		if rest, ok := strings.CutPrefix(text, "export "); ok {
			trimmed := strings.TrimLeft(rest, " \t")
			indent += len(text) - len(trimmed)
			text = trimmed
		}
		name, value, ok := strings.Cut(text, "=")
		name = strings.TrimRight(name, " \t")
		if !ok || !isVarName(name) {
			bad = append(bad, n)
			continue
		}
		vars = append(vars, envLine{name: name, value: unquoteEnv(strings.TrimSpace(value)), line: n, nameOff: src.lines[n-1] + indent})
	}
	return vars, bad
}

// unquoteEnv strips one level of shell-style quotes.
func unquoteEnv(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		inner := v[1 : len(v)-1]
		if v[0] == '"' {
			inner = strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\$`, `$`).Replace(inner)
		}
		return inner
	}
	// A trailing " # comment" is a shell comment.
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v
}

// looksLikeEnvFile reports whether every meaningful line is NAME=VALUE
// and at least one name starts with ETCD_.
func looksLikeEnvFile(src *source, lenient bool) bool {
	vars, bad := parseEnvFile(src)
	if len(vars) == 0 || len(bad) > 0 && (!lenient || len(bad) > len(vars)) {
		return false
	}
	for _, v := range vars {
		if strings.HasPrefix(v.name, "ETCD_") {
			return true
		}
	}
	return false
}
