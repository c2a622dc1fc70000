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
	// reencode is set when entries were taken out of a flow mapping:
	// the decoder is then given the tree that is left, encoded again.
	reencode bool
}

// decodeInput is what etcd's decoder is given to build the
// configuration: the file without the entries it ignores, so that a
// file made mostly of unknown keys is not converted to JSON in full.
func (f *yamlFile) decodeInput() []byte {
	if f.reencode {
		if b, err := yaml.Marshal(f.root); err == nil {
			return b
		}
	}
	return pruneUnknownForDecode(f.src.data, f.root, f.elided)
}

// An elider decides, entry by entry of a top-level mapping, which
// entries to take out of the tree: the names no etcd version knows and
// etcd's decoder ignores, once keep of them with a value have been kept.
// The findings list only the first maxListedUnknown unknown names and
// one line for the rest, so the entries after that change no output,
// and a file of hundreds of thousands of unknown keys then holds a few
// thousand nodes instead of two per key.
type elider struct {
	t       *flagTable
	keep    int
	decoded map[string]bool // etcd's decoder's field names, when needed
	unknown int             // unknown entries with a value kept so far
	// keys are the keys taken out, in file order, for the duplicate
	// check.
	keys []elidedKey
	// drop are the lines of entries taken out that pruneUnknownForDecode
	// may drop: plain one-line "key: scalar" entries followed by an
	// entry on the next line. pending is such an entry's line, until the
	// next entry is seen.
	drop    map[int]bool
	pending int
	// nestedUnknown counts the unknown entries kept in the settings
	// sections, which have their own budget: with one per level, the
	// entries kept include the first keep unknown names in file order,
	// whatever the order of the levels.
	nestedUnknown int
	// flow is set when entries were taken out of a flow mapping, whose
	// lines cannot be dropped from the file.
	flow bool
	// sectionKeys are the keys taken out of each settings section's
	// mapping, in file order, for the duplicate check.
	sectionKeys map[*yaml.Node][]elidedKey
	// inline is set when the chunked parse took the entries out of the
	// settings sections as it read them, so nested has nothing to do.
	inline bool
}

// An elidedKey is a key taken out of the tree and its line.
type elidedKey struct {
	key  string
	line int
}

func newElider(t *flagTable) *elider {
	return &elider{t: t, keep: maxListedUnknown + 1, drop: map[int]bool{}}
}

// add reports whether the entry k: v stays in the tree.
func (e *elider) add(k, v *yaml.Node) bool {
	if e.pending > 0 && k.Line == e.pending+1 {
		e.drop[e.pending] = true
	}
	e.pending = 0
	if !e.t.elidable(k, &e.decoded) {
		return true
	}
	if e.unknown < e.keep {
		if v := deref(v); v == nil || v.Tag != "!!null" {
			e.unknown++
		}
		return true
	}
	e.keys = append(e.keys, elidedKey{k.Value, k.Line})
	if plainKey(k) && droppableScalar(v) && v.Line == k.Line {
		e.pending = k.Line
	}
	return false
}

// nested takes the unknown entries past the budget out of the settings
// sections of root (client-transport-security and the like), as add
// does for the top level. It runs after the duplicate check, on the
// parsed tree, unless the chunked parse did it as it read the file.
func (e *elider) nested(root *yaml.Node) {
	if e == nil || e.inline || root == nil || root.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		e.section(root.Content[i], root.Content[i+1])
	}
}

// section does for one top-level entry k: v what nested does: when it
// is a settings section, its unknown entries past the budget are taken
// out.
func (e *elider) section(k, v *yaml.Node) {
	s := e.newSection(k, v)
	if s == nil {
		return
	}
	c := v.Content
	v.Content = nil
	for j := 0; j+1 < len(c); j += 2 {
		s.add(c[j], c[j+1])
	}
	s.finish()
}

// A sectionElider takes entries out of one settings section, entry by
// entry in file order, sharing its elider's budget for the sections.
type sectionElider struct {
	e       *elider
	lower   string
	v       *yaml.Node // the section's mapping, which add appends to
	flow    bool
	pending int
	keys    []elidedKey
}

// newSection returns a sectionElider for the entry k: v, or nil when it
// is not a settings section (an alias is left alone: its mapping is
// shared).
func (e *elider) newSection(k, v *yaml.Node) *sectionElider {
	lower := strings.ToLower(k.Value)
	if e == nil || k.Kind != yaml.ScalarNode || !slices.Contains(nestedSections, lower) || v.Kind != yaml.MappingNode {
		return nil
	}
	return &sectionElider{e: e, lower: lower, v: v, flow: v.Style&yaml.FlowStyle != 0}
}

// add appends the entry nk: nv to the section's mapping unless it is
// taken out.
func (s *sectionElider) add(nk, nv *yaml.Node) {
	e := s.e
	if s.pending > 0 && nk.Line == s.pending+1 {
		e.drop[s.pending] = true
	}
	s.pending = 0
	path := s.lower + "." + strings.ToLower(nk.Value)
	if nk.Kind != yaml.ScalarNode || nk.Anchor != "" || e.t.byYAML[path] != nil || linkedNames().yaml[path] {
		s.v.Content = append(s.v.Content, nk, nv)
		return
	}
	if e.nestedUnknown < e.keep {
		if dv := deref(nv); dv == nil || dv.Tag != "!!null" {
			e.nestedUnknown++
		}
		s.v.Content = append(s.v.Content, nk, nv)
		return
	}
	s.keys = append(s.keys, elidedKey{nk.Value, nk.Line})
	if !s.flow && plainKey(nk) && droppableScalar(nv) && nv.Line == nk.Line {
		s.pending = nk.Line
	}
}

// finish records the keys taken out, for the duplicate check.
func (s *sectionElider) finish() {
	s.v.Content = slices.Clip(s.v.Content)
	if len(s.keys) == 0 {
		return
	}
	e := s.e
	e.flow = e.flow || s.flow
	if e.sectionKeys == nil {
		e.sectionKeys = map[*yaml.Node][]elidedKey{}
	}
	e.sectionKeys[s.v] = s.keys
}

// elideUnknown runs an elider over the entries of a parsed top-level
// mapping and takes out the entries it elides.
func (t *flagTable) elideUnknown(root *yaml.Node) *elider {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	e := newElider(t)
	c := root.Content
	kept := c[:0:0]
	for i := 0; i+1 < len(c); i += 2 {
		if e.add(c[i], c[i+1]) {
			kept = append(kept, c[i], c[i+1])
		}
	}
	if len(e.keys) > 0 {
		root.Content = slices.Clip(kept)
		e.flow = root.Style&yaml.FlowStyle != 0
	}
	return e
}

// chunkedMin is the size from which parseYAMLBounded reads a YAML file
// in chunks, and chunkBytes about the size of each chunk.
const (
	chunkedMin = 1 << 20
	chunkBytes = 64 << 10
)

// parseYAMLBounded parses data as parseYAMLDocs does. A large file that
// is one block mapping with its keys at the start of lines is parsed in
// chunks of whole top-level entries, each passed through an elider as
// it is read, so that the tree never holds the entries it takes out.
// The elider is nil when the file was parsed whole; a file the chunks
// do not parse cleanly (an error, an alias to an anchor in another
// chunk, anything but a block mapping) is parsed whole, so its tree and
// errors are the ones parseYAMLDocs gives.
func (t *flagTable) parseYAMLBounded(data []byte) ([]*yaml.Node, *elider, error) {
	if len(data) >= chunkedMin {
		if doc, e := t.parseChunked(data); doc != nil {
			return []*yaml.Node{doc}, e, nil
		}
	}
	docs, err := parseYAMLDocs(data)
	return docs, nil, err
}

// parseChunked is the chunked parse of parseYAMLBounded; it returns nil
// when data is not fit for it.
func (t *flagTable) parseChunked(data []byte) (*yaml.Node, *elider) {
	if !chunkable(data) {
		return nil, nil
	}
	if open, cuts, ok := flowCuts(data); ok {
		return t.parseFlowChunked(data, open, cuts)
	} else if open >= 0 {
		return nil, nil
	}
	e := newElider(t)
	e.inline = true
	var root *yaml.Node
	line := 0 // lines before the chunk
	for start := 0; start < len(data); {
		if k, v, end, ok := t.parseSection(data, start, line, e); end > 0 {
			if !ok {
				return nil, nil
			}
			if root == nil {
				root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: 1}
			}
			if e.add(k, v) {
				root.Content = append(root.Content, k, v)
			}
			line += bytes.Count(data[start:end], []byte{'\n'})
			start = end
			continue
		}
		end := chunkEnd(data, start+chunkBytes)
		if p := nextSection(data, start+1, end); p >= 0 {
			end = p
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data[start:end], &doc); err != nil {
			return nil, nil
		}
		m := docRoot(&doc)
		switch {
		case m == nil:
			// Only comments or blank lines.
		case m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || m.Anchor != "" || m.Tag != "!!map" || m.Column != 1:
			return nil, nil
		default:
			if root == nil {
				root = &yaml.Node{Kind: yaml.MappingNode, Tag: m.Tag, Line: m.Line + line, Column: 1}
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], m.Content[i+1]
				k.Line += line
				v.Line += line
				if e.add(k, v) {
					shiftLines(k, line)
					shiftLines(v, line)
					e.section(k, v)
					root.Content = append(root.Content, k, v)
				}
			}
		}
		line += bytes.Count(data[start:end], []byte{'\n'})
		start = end
	}
	if root == nil {
		return nil, nil
	}
	root.Content = slices.Clip(root.Content)
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: 1, Content: []*yaml.Node{root}}, e
}

// parseFlowChunked parses data, one flow mapping whose '{' is at
// data[open], in chunks cut at the commas at cuts (flowCuts), each
// passed through an elider as it is read. Each chunk is parsed as a
// flow mapping of its own whose '{' stands where the comma before it
// was, so the nodes keep their lines and columns.
func (t *flagTable) parseFlowChunked(data []byte, open int, cuts []int) (*yaml.Node, *elider) {
	e := newElider(t)
	e.inline = true
	var root *yaml.Node
	prev := -1 // the comma before the chunk
	for j := 0; j <= len(cuts); j++ {
		end := len(data)
		if j < len(cuts) {
			end = cuts[j]
		}
		var text []byte
		line := 0
		if prev < 0 {
			text = append(slices.Clip(data[:end]), '}')
		} else {
			ls := bytes.LastIndexByte(data[:prev], '\n') + 1
			line = bytes.Count(data[:ls], []byte{'\n'})
			text = make([]byte, 0, end-ls+1)
			text = append(text, bytes.Repeat([]byte{' '}, prev-ls)...)
			text = append(text, '{')
			text = append(text, data[prev+1:end]...)
			if j < len(cuts) {
				text = append(text, '}')
			}
		}
		prev = end
		var doc yaml.Node
		if err := yaml.Unmarshal(text, &doc); err != nil {
			return nil, nil
		}
		m := docRoot(&doc)
		if m == nil || m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle == 0 || m.Anchor != "" || m.Tag != "!!map" {
			return nil, nil
		}
		if root == nil {
			root = &yaml.Node{Kind: yaml.MappingNode, Tag: m.Tag, Style: m.Style, Line: m.Line, Column: m.Column}
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			k.Line += line
			v.Line += line
			if e.add(k, v) {
				shiftLines(k, line)
				shiftLines(v, line)
				e.section(k, v)
				root.Content = append(root.Content, k, v)
			}
		}
	}
	if root == nil || open < 0 {
		return nil, nil
	}
	root.Content = slices.Clip(root.Content)
	e.flow = e.flow || len(e.keys) > 0
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}, e
}

// flowCuts reports whether data is one flow mapping, with only blank
// space around it (and comment lines before it), and returns the offset of its '{' and of commas
// between its entries about every chunkBytes. open is -1 when data does
// not start with a flow collection; ok is false as well when its text
// holds anything that makes the commas hard to tell for sure (comments,
// anchors, aliases, tags, quotes that might belong to a plain scalar).
func flowCuts(data []byte) (open int, cuts []int, ok bool) {
	open = -1
	i := 0
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '#') {
		if data[i] == '#' {
			// A comment line before the mapping.
			nl := bytes.IndexByte(data[i:], '\n')
			if nl < 0 {
				return -1, nil, false
			}
			i += nl
		}
		i++
	}
	if i == len(data) || data[i] != '{' && data[i] != '[' {
		return -1, nil, false
	}
	open = i
	if data[i] != '{' {
		return open, nil, false
	}
	depth := 0
	last := 0    // offset of the last cut, or of the '{'
	var sig byte // the last byte that is not blank, outside quotes
	colonAfterQuote := false
	for ; i < len(data); i++ {
		c := data[i]
		if depth == 0 && i > open {
			if c != ' ' && c != '\n' && c != '\r' {
				return open, nil, false
			}
			continue
		}
		switch c {
		case ' ', '\n', '\r':
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth == 1 && i-last >= chunkBytes {
				cuts = append(cuts, i)
				last = i
			}
		case ':':
			colonAfterQuote = i > 0 && (data[i-1] == '"' || data[i-1] == '\'')
		case '"', '\'':
			blank := data[i-1] == ' ' || data[i-1] == '\n' || data[i-1] == '\r'
			if !(sig == '{' || sig == '[' || sig == ',' || sig == ':' && (blank || colonAfterQuote)) {
				return open, nil, false
			}
			j := i + 1
			for ; j < len(data); j++ {
				if c == '"' && data[j] == '\\' {
					j++
					continue
				}
				if data[j] == c {
					if c == '\'' && j+1 < len(data) && data[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(data) {
				return open, nil, false
			}
			i = j
		case '#', '&', '*', '!', '?', '|', '>', '%', '@', '`', '\t':
			return open, nil, false
		}
		sig = c
	}
	return open, cuts, depth == 0 && len(cuts) > 0
}

// sectionHeader returns the settings section whose header line, the
// name and a colon alone, starts at data[i], or "".
func sectionHeader(data []byte, i int) string {
	for _, name := range nestedSections {
		rest := data[i:]
		if !bytes.HasPrefix(rest, []byte(name+":")) {
			continue
		}
		rest = rest[len(name)+1:]
		if bytes.HasPrefix(rest, []byte("\n")) || bytes.HasPrefix(rest, []byte("\r\n")) {
			return name
		}
	}
	return ""
}

// nextSection returns the start of the first settings section header
// line that starts in data[from:to], or -1.
func nextSection(data []byte, from, to int) int {
	best := -1
	for _, name := range nestedSections {
		pat := []byte("\n" + name + ":")
		for i := max(from-1, 0); i < to; {
			j := bytes.Index(data[i:min(to+len(pat), len(data))], pat)
			if j < 0 {
				break
			}
			p := i + j + 1
			if p >= to {
				break
			}
			if sectionHeader(data, p) != "" {
				if best < 0 || p < best {
					best = p
				}
				break
			}
			i = p
		}
	}
	return best
}

// parseSection parses a settings section whose header line starts at
// data[start] (line lines before it) in chunks of whole entries at the
// section's indentation, each passed through e's section budget as it
// is read. end is 0 when no section header of a block mapping starts
// there (the caller parses it as any other entry); ok is false when a
// chunk does not parse alone as part of a block mapping at the
// section's indentation, and the file must be parsed whole.
func (t *flagTable) parseSection(data []byte, start, line int, e *elider) (k, v *yaml.Node, end int, ok bool) {
	name := sectionHeader(data, start)
	if name == "" {
		return nil, nil, 0, false
	}
	body := start + bytes.IndexByte(data[start:], '\n') + 1
	// The section runs to the first line with something in the first
	// column other than a comment; its entries are at the indentation of
	// its first line that is not blank or a comment, and no line of it
	// that is not blank or a comment may be indented less.
	indent := -1
	end = len(data)
	for i := body; i < len(data); {
		nl := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if nl >= 0 {
			next = i + nl + 1
		}
		ln := data[i:next]
		trimmed := bytes.TrimLeft(ln, " ")
		if c := ln[0]; c != ' ' && c != '#' && c != '\n' && c != '\r' {
			end = i
			break
		}
		if len(bytes.TrimSpace(trimmed)) > 0 && trimmed[0] != '#' {
			w := len(ln) - len(trimmed)
			if indent < 0 {
				indent = w
			} else if w < indent {
				return nil, nil, 0, false
			}
		}
		i = next
	}
	if indent <= 0 {
		return nil, nil, 0, false // no entries: parsed as any other entry
	}
	k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, Line: line + 1, Column: 1}
	line++
	var s *sectionElider
	for cs := body; cs < end; {
		ce := entryEnd(data, cs+chunkBytes, end, indent)
		var doc yaml.Node
		if err := yaml.Unmarshal(data[cs:ce], &doc); err != nil {
			return nil, nil, end, false
		}
		m := docRoot(&doc)
		switch {
		case m == nil:
		case m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || m.Anchor != "" || m.Tag != "!!map" || m.Column != indent+1:
			return nil, nil, end, false
		default:
			if v == nil {
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: m.Tag, Line: m.Line + line, Column: m.Column}
				s = e.newSection(k, v)
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				nk, nv := m.Content[i], m.Content[i+1]
				nk.Line += line
				nv.Line += line
				shiftLines(nk, line)
				shiftLines(nv, line)
				s.add(nk, nv)
			}
		}
		line += bytes.Count(data[cs:ce], []byte{'\n'})
		cs = ce
	}
	if v == nil {
		return nil, nil, end, false
	}
	s.finish()
	return k, v, end, true
}

// entryEnd returns the start of the first line at or after from, and
// before limit, that starts an entry at indentation indent: indent
// spaces, then a letter, digit or '_'; or limit.
func entryEnd(data []byte, from, limit, indent int) int {
	if from >= limit {
		return limit
	}
	for i := from; ; {
		nl := bytes.IndexByte(data[i:limit], '\n')
		if nl < 0 || i+nl+1 >= limit {
			return limit
		}
		i += nl + 1
		if i+indent < limit && len(bytes.TrimLeft(data[i:i+indent], " ")) == 0 {
			if c := data[i+indent]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
				return i
			}
		}
	}
}

// shiftLines adds off to the line of every node under n (n's own line
// is already shifted). Aliases point into the same chunk's nodes, which
// the walk reaches on its own.
func shiftLines(n *yaml.Node, off int) {
	for _, c := range n.Content {
		c.Line += off
		shiftLines(c, off)
	}
}

// chunkable reports whether data may be cut into chunks at the start of
// lines: no document markers or directives (one document only), and no
// bare carriage return (YAML counts it as a line break, the chunks'
// line count would not).
func chunkable(data []byte) bool {
	for rest := data; len(rest) > 0; {
		if bytes.HasPrefix(rest, []byte("---")) || bytes.HasPrefix(rest, []byte("...")) || rest[0] == '%' {
			return false
		}
		nl := bytes.IndexByte(rest, '\n')
		ln := rest
		if nl >= 0 {
			ln, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = nil
		}
		if cr := bytes.IndexByte(ln, '\r'); cr >= 0 && cr != len(ln)-1 {
			return false
		}
	}
	return true
}

// chunkEnd returns the start of the first line at or after from that
// starts a top-level key: a letter, digit or '_' in the first column
// (quoted keys, anchors and everything else may continue the line
// before, so no chunk starts there), or len(data).
func chunkEnd(data []byte, from int) int {
	if from >= len(data) {
		return len(data)
	}
	for i := from; ; {
		nl := bytes.IndexByte(data[i:], '\n')
		if nl < 0 || i+nl+1 >= len(data) {
			return len(data)
		}
		i += nl + 1
		if c := data[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			return i
		}
	}
}

// elidable reports whether a top-level key is a name no etcd version
// knows (not a setting, not a section) and etcd's decoder ignores. The
// keys that make a file a Kubernetes object or a compose file are kept
// too: the file's kind is decided on the tree.
func (t *flagTable) elidable(k *yaml.Node, decoded *map[string]bool) bool {
	if k.Kind != yaml.ScalarNode || k.Anchor != "" {
		return false
	}
	lower := strings.ToLower(k.Value)
	if t.byYAML[lower] != nil || lower == "discovery-config" || slices.Contains(nestedSections, lower) || slices.Contains(kindKeys, lower) {
		return false
	}
	if *decoded == nil {
		*decoded = decodedFieldNames()
	}
	return !(*decoded)[lower]
}

// kindKeys are the top-level keys of Kubernetes objects and compose
// files, lower-cased.
var kindKeys = []string{"apiversion", "kind", "metadata", "spec", "items", "services"}

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
//
// e, when set, holds the top-level keys already taken out of root.
func (r *run) yamlShape(src *source, docs []*yaml.Node, root *yaml.Node, e *elider) {
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
		var elided []elidedKey
		switch {
		case e == nil:
		case depth == 0:
			elided = e.keys
		case depth == 1:
			elided = e.sectionKeys[m]
		}
		first := make(map[string]int, len(m.Content)/2+len(elided))
		// dup checks one key, kept or taken out, in file order.
		// Bounded: a file of duplicates costs O(n), not a problem per
		// key.
		dup := func(key string, line int) {
			if first, dup := first[key]; dup {
				if dups++; dups <= maxListedDups {
					r.problem(src.name, line, fmt.Sprintf("duplicate key %s%s (first on line %d): etcd uses the last value", prefix, key, first))
				} else if dups == maxListedDups+1 {
					r.problem(src.name, line, fmt.Sprintf("more than %d duplicate keys: the rest are not listed", maxListedDups))
				}
				return
			}
			first[key] = line
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			for len(elided) > 0 && elided[0].line < k.Line {
				dup(elided[0].key, elided[0].line)
				elided = elided[1:]
			}
			dup(k.Value, k.Line)
			walk(m.Content[i+1], prefix+k.Value+".", depth+1)
		}
		for _, ek := range elided {
			dup(ek.key, ek.line)
		}
	}
	walk(root, "", 0)
}
