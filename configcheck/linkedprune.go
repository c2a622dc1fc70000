package configcheck

import (
	"bytes"
	"reflect"
	"strings"

	yaml3 "sigs.k8s.io/yaml/goyaml.v3"
)

// decodedFieldNames returns the lower-cased names etcd's decoder can map
// a top-level key to: the JSON names of configYAML's fields and, for
// fields without a JSON name, their Go names (encoding/json matches
// keys to fields without regard to case).
func decodedFieldNames() map[string]bool {
	out := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "-" {
				continue
			}
			if f.Anonymous && tag == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if tag == "" {
				tag = f.Name
			}
			out[strings.ToLower(tag)] = true
		}
	}
	walk(reflect.TypeOf(configYAML{}))
	return out
}

// droppableScalar reports whether a top-level value is a one-line scalar
// that sigs.k8s.io/yaml converts to JSON without fail.
func droppableScalar(n *yaml3.Node) bool {
	if n == nil || n.Kind != yaml3.ScalarNode || n.Anchor != "" || len(n.Value) > 64 {
		return false
	}
	if n.Style&^(yaml3.SingleQuotedStyle|yaml3.DoubleQuotedStyle) != 0 {
		return false
	}
	switch n.Tag {
	case "!!str", "!!bool", "!!null":
		return true
	case "!!int":
		return len(n.Value) <= 18
	}
	return false
}

// plainKey reports whether a key is a plain scalar made of letters,
// digits, '-', '_' and '.'.
func plainKey(k *yaml3.Node) bool {
	if k.Kind != yaml3.ScalarNode || k.Style != 0 || k.Tag != "!!str" || k.Anchor != "" || k.Value == "" {
		return false
	}
	for _, c := range k.Value {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// pruneUnknownForDecode returns data without the one-line entries of the
// top-level mapping root whose keys etcd's decoder ignores (no field of
// the configuration has that name), so that a file made mostly of
// unknown keys is not converted to JSON and decoded twice in full. The
// entries removed are plain "key: scalar" lines, without anchors, that
// convert to JSON in any case; every other entry is kept as written, and
// data is returned unchanged when nothing can be removed. The lines in
// elided (entries already taken out of root) are removed as well.
func pruneUnknownForDecode(data []byte, root *yaml3.Node, elided map[int]bool) []byte {
	if root == nil || root.Kind != yaml3.MappingNode || root.Style&yaml3.FlowStyle != 0 {
		return data
	}
	var known map[string]bool
	drop := make(map[int]bool, len(elided))
	for l := range elided {
		drop[l] = true
	}
	c := root.Content
	// The last entry is kept: what follows it is not known from the tree.
	for i := 0; i+3 < len(c); i += 2 {
		k, v, next := c[i], c[i+1], c[i+2]
		if !plainKey(k) || !droppableScalar(v) || v.Line != k.Line || next.Line != k.Line+1 {
			continue
		}
		if known == nil {
			known = decodedFieldNames()
		}
		if known[strings.ToLower(k.Value)] {
			continue
		}
		drop[k.Line] = true
	}
	if len(drop) == 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	line := 1
	for rest := data; len(rest) > 0; line++ {
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest) - 1
		}
		if !drop[line] {
			out = append(out, rest[:end+1]...)
		}
		rest = rest[end+1:]
	}
	return out
}
