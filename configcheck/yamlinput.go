package configcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// maxDocs bounds the YAML documents read from one file.
const maxDocs = 10000

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlError is a YAML syntax error with the line it names.
type yamlError struct {
	line int
	err  error
}

func (e *yamlError) Error() string { return e.err.Error() }

// parseYAMLDocs decodes every document of a YAML stream into node trees.
// Aliases are kept as alias nodes, never expanded.
func parseYAMLDocs(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for len(docs) < maxDocs {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
				line, _ = strconv.Atoi(m[1])
			}
			return docs, &yamlError{line: line, err: err}
		}
		docs = append(docs, &n)
	}
	return docs, nil
}

// docRoot returns the document's top node, or nil.
func docRoot(doc *yaml.Node) *yaml.Node {
	if doc == nil {
		return nil
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return deref(doc.Content[0])
	}
	return deref(doc)
}

// deref follows one alias.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// mapGet returns the key and value nodes for key in mapping m.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], deref(m.Content[i+1])
		}
	}
	return nil, nil
}

// scalarText returns a node's value as etcd would see it in a string
// setting: a scalar's text, or a sequence's scalars joined by commas.
func scalarText(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return ""
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			if c = deref(c); c != nil && c.Kind == yaml.ScalarNode {
				parts = append(parts, c.Value)
			}
		}
		return strings.Join(parts, ",")
	}
	return ""
}

// nodeOffset is the byte offset of a node's first character in src.
func nodeOffset(src *source, n *yaml.Node) int {
	return src.offset(pos{line: n.Line, col: n.Column})
}

// stringWords splits a string held by a YAML node (a shell command in a
// manifest) into words whose offsets point into src where possible.
func stringWords(src *source, n *yaml.Node) []word {
	text := n.Value
	base := nodeOffset(src, n)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		base++
	}
	exact := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(text, "\n") && n.Style&yaml.DoubleQuotedStyle == 0
	ws, _ := splitWords([]byte(text), 0, len(text), modeShell)
	if n.Style&yaml.LiteralStyle != 0 {
		// A literal block keeps its lines: line k of the text is source
		// line n.Line+1+k, after the block's indentation.
		first := src.line(n.Line + 1)
		indent := len(first) - len(strings.TrimLeft(first, " "))
		for i := range ws {
			k := strings.Count(text[:min(ws[i].off, len(text))], "\n")
			col := ws[i].off - (strings.LastIndexByte(text[:min(ws[i].off, len(text))], '\n') + 1)
			ws[i].off = src.offset(pos{line: n.Line + 1 + k, col: indent + col + 1})
		}
		return ws
	}
	for i := range ws {
		if exact {
			ws[i].off += base
		} else {
			ws[i].off = base
		}
	}
	return ws
}

// listWords turns a YAML list of strings (or a single string) into words:
// each item is one word, as in a Kubernetes command or a compose list.
func listWords(src *source, n *yaml.Node) []word {
	n = deref(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return stringWords(src, n)
	}
	if n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []word
	for _, c := range n.Content {
		c = deref(c)
		if c == nil || c.Kind != yaml.ScalarNode {
			continue
		}
		off := nodeOffset(src, c)
		if c.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			off++
		}
		out = append(out, word{text: c.Value, off: off})
	}
	return out
}

// etcdWords finds the etcd command in words; when no word is etcd, it
// looks inside words that hold a whole shell command (sh -c "etcd ...").
func etcdWords(src *source, words []word, items *yaml.Node) (assign []word, cmd word, args []word, ok bool) {
	if a, c, r, ok := commandWords(words); ok {
		return a, c, r, true
	}
	items = deref(items)
	if items == nil || items.Kind != yaml.SequenceNode {
		return nil, word{}, nil, false
	}
	for _, c := range items.Content {
		c = deref(c)
		if c != nil && c.Kind == yaml.ScalarNode && strings.ContainsAny(c.Value, " \t\n") {
			if a, cw, r, ok := commandWords(stringWords(src, c)); ok {
				return a, cw, r, true
			}
		}
	}
	return nil, word{}, nil, false
}

// podSpecs returns the pod spec mappings of a Kubernetes object.
func podSpecs(obj *yaml.Node, depth int) []*yaml.Node {
	if depth > 8 {
		return nil
	}
	_, kindNode := mapGet(obj, "kind")
	kind := scalarText(kindNode)
	_, spec := mapGet(obj, "spec")
	switch kind {
	case "Pod":
		return []*yaml.Node{spec}
	case "List":
		_, items := mapGet(obj, "items")
		var out []*yaml.Node
		if items != nil {
			for _, it := range items.Content {
				out = append(out, podSpecs(deref(it), depth+1)...)
			}
		}
		return out
	case "CronJob":
		_, jt := mapGet(spec, "jobTemplate")
		_, jspec := mapGet(jt, "spec")
		_, tmpl := mapGet(jspec, "template")
		_, ps := mapGet(tmpl, "spec")
		return []*yaml.Node{ps}
	}
	_, tmpl := mapGet(spec, "template")
	_, ps := mapGet(tmpl, "spec")
	if ps != nil {
		return []*yaml.Node{ps}
	}
	return nil
}

// isKubernetes reports whether a document is a Kubernetes object.
func isKubernetes(root *yaml.Node) bool {
	k1, _ := mapGet(root, "apiVersion")
	k2, _ := mapGet(root, "kind")
	return k1 != nil && k2 != nil
}

// isCompose reports whether a document is a compose file.
func isCompose(root *yaml.Node) bool {
	_, s := mapGet(root, "services")
	return s != nil && s.Kind == yaml.MappingNode
}

// yamlFile is an etcd configuration file.
type yamlFile struct {
	src  *source
	root *yaml.Node // the top-level mapping (nil for an empty file)
	// elided are the lines of one-line entries taken out of root by
	// elideUnknown, for pruneUnknownForDecode to drop as well.
	elided map[int]bool
}

// elideUnknown takes out of the top-level mapping root the entries no
// etcd version knows and etcd's decoder ignores, once keep of them with
// a value have been kept: the findings list only the first
// maxListedUnknown unknown names and one line for the rest, so the
// entries after that change no output, and a file of hundreds of
// thousands of unknown keys then holds a few thousand nodes instead of
// two per key for the rest of the run. It returns the lines of the
// entries taken out that pruneUnknownForDecode may drop (plain one-line
// "key: scalar" entries followed by an entry on the next line).
// Duplicate keys and further documents are checked before (yamlShape).
func (t *flagTable) elideUnknown(root *yaml.Node, keep int) map[int]bool {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	c := root.Content
	var decoded map[string]bool
	unknown, first := 0, -1
	for i := 0; i+1 < len(c); i += 2 {
		if !t.elidable(c[i], &decoded) {
			continue
		}
		if v := deref(c[i+1]); v == nil || v.Tag != "!!null" {
			if unknown++; unknown > keep {
				first = i
				break
			}
		}
	}
	if first < 0 {
		return nil
	}
	kept := make([]*yaml.Node, first, first+2*keep)
	copy(kept, c[:first])
	drop := map[int]bool{}
	for i := first; i+1 < len(c); i += 2 {
		k, v := c[i], c[i+1]
		if !t.elidable(k, &decoded) {
			kept = append(kept, k, v)
			continue
		}
		if i+3 < len(c) && plainKey(k) && droppableScalar(v) && v.Line == k.Line && c[i+2].Line == k.Line+1 {
			drop[k.Line] = true
		}
	}
	root.Content = slices.Clip(kept)
	return drop
}

// elidable reports whether a top-level key is a name no etcd version
// knows (not a setting, not a section) and etcd's decoder ignores.
func (t *flagTable) elidable(k *yaml.Node, decoded *map[string]bool) bool {
	if k.Kind != yaml.ScalarNode || k.Anchor != "" {
		return false
	}
	lower := strings.ToLower(k.Value)
	if t.byYAML[lower] != nil || lower == "discovery-config" || slices.Contains(nestedSections, lower) {
		return false
	}
	if *decoded == nil {
		*decoded = decodedFieldNames()
	}
	return !(*decoded)[lower]
}

// nestedSections are the YAML keys that hold a mapping of settings.
var nestedSections = []string{"client-transport-security", "peer-transport-security", "socket-options"}

// configSettings lists the settings of an etcd config file's top mapping.
func (t *flagTable) configSettings(src *source, root *yaml.Node) []*setting {
	var out []*setting
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			continue
		}
		lower := strings.ToLower(k.Value)
		nested := false
		for _, sec := range nestedSections {
			if lower == sec && v != nil && v.Kind == yaml.MappingNode {
				nested = true
			}
		}
		if nested {
			for j := 0; j+1 < len(v.Content); j += 2 {
				nk, nv := v.Content[j], deref(v.Content[j+1])
				if nk.Kind != yaml.ScalarNode {
					continue
				}
				path := k.Value + "." + nk.Value
				f := t.byYAML[strings.ToLower(path)]
				out = append(out, &setting{surf: surfYAML, name: path, value: scalarText(nv), src: src,
					at: pos{nk.Line, nk.Column}, flag: f, known: f != nil, key: nk, val: nv, parent: v})
			}
			continue
		}
		f := t.byYAML[lower]
		known := f != nil || lower == "discovery-config" || lower == "client-transport-security" || lower == "peer-transport-security" || lower == "socket-options"
		out = append(out, &setting{surf: surfYAML, name: k.Value, value: scalarText(v), src: src,
			at: pos{k.Line, k.Column}, flag: f, known: known, key: k, val: v, parent: root})
	}
	return out
}

// describeYAMLError formats a YAML error for a Problem.
func describeYAMLError(err error) (int, string) {
	var ye *yamlError
	if errors.As(err, &ye) {
		return ye.line, fmt.Sprintf("invalid YAML: %v", strings.TrimPrefix(ye.err.Error(), "yaml: "))
	}
	return 0, fmt.Sprintf("invalid YAML: %v", err)
}

// yamlShape reports what etcd's decoder (sigs.k8s.io/yaml) does
// silently with a config file: it reads only the first document, and of
// a key given twice in one mapping it keeps the last value.
func (r *run) yamlShape(src *source, docs []*yaml.Node, root *yaml.Node) {
	for _, doc := range docs[min(1, len(docs)):] {
		if dr := docRoot(doc); dr != nil {
			r.problem(src.name, dr.Line, "a further YAML document: etcd reads only the first document of a config file, so this one is ignored and not checked")
			break
		}
	}
	const maxListedDups = 50
	dups := 0
	var walk func(m *yaml.Node, prefix string, depth int)
	walk = func(m *yaml.Node, prefix string, depth int) {
		if m == nil || m.Kind != yaml.MappingNode || depth > 2 {
			return
		}
		first := make(map[string]int, len(m.Content)/2)
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			if line, dup := first[k.Value]; dup {
				// Bounded: a file of duplicates costs O(n), not a
				// problem per key.
				if dups++; dups <= maxListedDups {
					r.problem(src.name, k.Line, fmt.Sprintf("duplicate key %s%s (first on line %d): etcd uses the last value", prefix, k.Value, line))
				} else if dups == maxListedDups+1 {
					r.problem(src.name, k.Line, fmt.Sprintf("more than %d duplicate keys: the rest are not listed", maxListedDups))
				}
			} else {
				first[k.Value] = k.Line
			}
			walk(m.Content[i+1], prefix+k.Value+".", depth+1)
		}
	}
	walk(root, "", 0)
}
