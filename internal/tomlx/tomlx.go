// Package tomlx decodes TOML strictly: an unknown key, a type mismatch or a
// syntax error is an error that names the file and the line.
//
// It wraps github.com/BurntSushi/toml, which reports lines for syntax and
// type errors but not for keys left undecoded; tomlx finds those lines by
// scanning the document's key lines in order.
package tomlx

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

var typeErrRE = regexp.MustCompile(`^line (\d+) \(last key "(.*?)"\): (.*)$`)

// An Error is a problem at a position in a TOML file.
type Error struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based; 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Decode decodes data into v and rejects any key v has no field for. The
// returned error, if any, is an [*Error] (or an errors.Join of them for
// several unknown keys) naming file and line.
func Decode(file string, data []byte, v any) (toml.MetaData, error) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, &Error{File: file, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		// Type errors read `line N (last key "k"): message`.
		if m := typeErrRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return md, &Error{File: file, Line: line, Msg: fmt.Sprintf("%s: %s", m[2], m[3])}
		}
		return md, &Error{File: file, Msg: msg}
	}
	undecoded := md.Undecoded()
	if len(undecoded) == 0 {
		return md, nil
	}
	lines := keyLines(string(data))
	seen := map[string]int{}
	var errs []error
	for _, k := range undecoded {
		name := k.String()
		line := 0
		if ls := lines[name]; seen[name] < len(ls) {
			line = ls[seen[name]]
		}
		seen[name]++
		errs = append(errs, &Error{File: file, Line: line, Msg: fmt.Sprintf("unknown key %q", name)})
	}
	return md, errors.Join(errs...)
}

// keyLines maps each full dotted key of the document to the lines where
// it is defined, in document order. It understands table and array-table
// headers, dotted and quoted keys, and skips multi-line strings; it is a
// locator for messages, not a parser.
func keyLines(doc string) map[string][]int {
	out := map[string][]int{}
	var table []string
	inMulti := ""
	for i, raw := range strings.Split(doc, "\n") {
		line := strings.TrimSpace(raw)
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			h := strings.Trim(strings.SplitN(line, "#", 2)[0], " \t")
			h = strings.TrimSpace(strings.Trim(h, "[]"))
			table = splitKey(h)
			key := strings.Join(table, ".")
			out[key] = append(out[key], i+1)
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			continue
		}
		key := append(append([]string{}, table...), splitKey(strings.TrimSpace(line[:eq]))...)
		name := strings.Join(key, ".")
		out[name] = append(out[name], i+1)
		rest := strings.TrimSpace(line[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(rest, q) && !strings.Contains(rest[3:], q) {
				inMulti = q
			}
		}
	}
	return out
}

func splitKey(s string) []string {
	var parts []string
	for _, p := range strings.Split(s, ".") {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"'`)
		parts = append(parts, p)
	}
	return parts
}
