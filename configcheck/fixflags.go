package configcheck

import (
	"fmt"
	"slices"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/report"
)

// A span replaces the bytes [start, end) of a source with text. Fixes of
// command-line flags and of environment entries in manifests, compose
// files and units are spans: they change only the tokens concerned.
type span struct {
	start, end int
	text       string
	// endsCmd marks the removal of the last line of a continued command:
	// the backslash ending the line kept before it goes too.
	endsCmd bool
}

// nodeRef is a YAML node with the collection holding it.
type nodeRef struct {
	node   *yaml.Node
	parent *yaml.Node // the mapping or sequence holding it
	idx    int        // its index in parent.Content
}

// scalarExtent is the source bytes a single-line or literal scalar's text
// occupies exactly.
type scalarExtent struct {
	ref        nodeRef
	start, end int
}

// nodeIndex locates a file's YAML nodes by position.
type nodeIndex struct {
	at      map[pos][]nodeRef
	scalars []scalarExtent
}

// index returns the YAML node index of a source, parsing it once.
func (src *source) index() *nodeIndex {
	if src.nodes != nil {
		return src.nodes
	}
	idx := &nodeIndex{at: map[pos][]nodeRef{}}
	docs, _ := parseYAMLDocs(src.data)
	var walk func(ref nodeRef, depth int)
	walk = func(ref nodeRef, depth int) {
		n := ref.node
		if n == nil || depth > 64 {
			return
		}
		p := pos{n.Line, n.Column}
		idx.at[p] = append(idx.at[p], ref)
		if n.Kind == yaml.ScalarNode {
			if a, b, ok := exactExtent(src, n); ok {
				idx.scalars = append(idx.scalars, scalarExtent{ref: ref, start: a, end: b})
			}
		}
		if n.Kind == yaml.AliasNode {
			return
		}
		for j, c := range n.Content {
			walk(nodeRef{node: c, parent: n, idx: j}, depth+1)
		}
	}
	for _, d := range docs {
		walk(nodeRef{node: d}, 0)
	}
	src.nodes = idx
	return idx
}

// exactExtent is where a scalar's text is written verbatim: a plain or
// quoted single-line scalar without escapes, or a literal block.
func exactExtent(src *source, n *yaml.Node) (int, int, bool) {
	off := nodeOffset(src, n)
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		// The block's lines, indentation included: words in it are
		// checked against the bytes one by one.
		lines := max(strings.Count(strings.TrimRight(n.Value, "\n"), "\n")+1, 1)
		return src.offset(pos{n.Line + 1, 1}), src.lineEnd(n.Line + lines), true
	case n.Style&yaml.FoldedStyle != 0 || strings.Contains(n.Value, "\n"):
		return 0, 0, false
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		off++
	}
	end := off + len(n.Value)
	if end > len(src.data) || string(src.data[off:end]) != n.Value {
		return 0, 0, false
	}
	return off, end, true
}

// scalarHolding returns the scalar whose text holds offset off.
func (idx *nodeIndex) scalarHolding(off int) (scalarExtent, bool) {
	for _, e := range idx.scalars {
		if off >= e.start && off < e.end {
			return e, true
		}
	}
	return scalarExtent{}, false
}

// keyAt returns the mapping key scalar written at p.
func (idx *nodeIndex) keyAt(p pos) (nodeRef, bool) {
	for _, ref := range idx.at[p] {
		if ref.node.Kind == yaml.ScalarNode && ref.parent != nil && ref.parent.Kind == yaml.MappingNode && ref.idx%2 == 0 && ref.idx+1 < len(ref.parent.Content) {
			return ref, true
		}
	}
	return nodeRef{}, false
}

// itemAt returns the sequence item scalar written at p.
func (idx *nodeIndex) itemAt(p pos) (nodeRef, bool) {
	for _, ref := range idx.at[p] {
		if ref.node.Kind == yaml.ScalarNode && ref.parent != nil && ref.parent.Kind == yaml.SequenceNode {
			return ref, true
		}
	}
	return nodeRef{}, false
}

// isYAMLKind reports whether a source is a YAML document that is not an
// etcd config file (a manifest or compose file).
func isYAMLKind(src *source) bool {
	return src.kind == KindKubernetes || src.kind == KindCompose
}

// tokenFixable reports whether a setting is fixed by spans: a flag, or a
// variable written outside an env file.
func tokenFixable(s *setting) bool {
	switch s.src.kind {
	case KindKubernetes, KindCompose, KindSystemdUnit, KindArgs, KindProcfile:
		return s.surf == surfFlag || s.surf == surfEnv
	}
	return false
}

// A located setting is where the bytes of a flag or variable are.
type located struct {
	src *source
	// remove deletes the setting (its word or words, list items or
	// entry lines) with the separators around it.
	remove []span
	// nameStart and nameEnd hold the name without dashes.
	nameStart, nameEnd int
	// word is the flag's whole word (inside any quotes), for replacing it
	// by another flag.
	wordStart, wordEnd int
	// valStart and valEnd hold the value's text, editable in place when
	// valOK (unquoted or inside quotes that need no escapes).
	valStart, valEnd int
	valOK            bool
	// valSrc is the source holding the value when it is not src: the
	// ConfigMap a valueFrom entry reads (nil otherwise).
	valSrc *source
	// yamlPlain is set when a new value is written as a plain YAML
	// scalar (it must then need no quotes).
	yamlPlain bool
	// markLine is the line of a manifest or compose file above which a
	// removal leaves its "removed" comment: the list item or env entry
	// removed, or the line where the scalar holding the word starts (0
	// when no comment may be left there).
	markLine int
}

// wordEnd returns the end of the shell word starting at i: the first
// unquoted blank, newline, command separator or backslash-newline, or
// limit.
func wordEnd(data []byte, i, limit int) int {
	for i < limit {
		switch c := data[i]; c {
		case ' ', '\t', '\r', '\n', ';', '&', '|':
			return i
		case '\\':
			if i+1 < limit && (data[i+1] == '\n' || data[i+1] == '\r') {
				return i
			}
			i += 2
		case '\'', '"':
			j := i + 1
			for j < limit && data[j] != c {
				if c == '"' && data[j] == '\\' {
					j++
				}
				j++
			}
			i = j + 1
		default:
			i++
		}
	}
	return min(i, limit)
}

// lineBounds returns the start of off's line and the end of its text
// (before \r\n or \n).
func lineBounds(data []byte, off int) (int, int) {
	ls := off
	for ls > 0 && data[ls-1] != '\n' {
		ls--
	}
	le := off
	for le < len(data) && data[le] != '\n' {
		le++
	}
	if le > ls && data[le-1] == '\r' {
		le--
	}
	return ls, le
}

// lineAfter is the offset just past the newline ending the line of off.
func lineAfter(data []byte, off int) int {
	for off < len(data) && data[off] != '\n' {
		off++
	}
	return min(off+1, len(data))
}

func blank(b []byte) bool { return strings.TrimSpace(string(b)) == "" }

// removeWords returns the span deleting the shell words [a, b) with the
// blanks around them: a word alone on a continued line takes its line,
// and the last line of a continued command takes the backslash ending
// the line before.
func removeWords(data []byte, a, b int) span {
	ls, _ := lineBounds(data, a)
	_, le := lineBounds(data, max(b-1, a))
	before, after := data[ls:a], strings.TrimSpace(string(data[b:le]))
	if blank(before) && (after == "" || after == "\\") {
		// The whole line goes; on the last line of a continued command the
		// backslash before it goes too, once every removal is known (the
		// lines before may be removed as well).
		return span{start: ls, end: lineAfter(data, le), endsCmd: after == "" && ls > 0}
	}
	s := a
	for s > ls && (data[s-1] == ' ' || data[s-1] == '\t') {
		s--
	}
	if s == a || s == ls {
		// At the start of the line: take the blanks after the word.
		e := b
		for e < le && (data[e] == ' ' || data[e] == '\t') {
			e++
		}
		return span{start: a, end: e}
	}
	return span{start: s, end: b}
}

// removeLines returns the span deleting whole lines first..last (1-based).
func removeLines(src *source, first, last int) span {
	return span{start: src.offset(pos{first, 1}), end: src.lineEnd(last)}
}

// removeFlowItems removes the items first..last of a flow sequence with
// the comma that separates them from the rest: the one after them, or,
// for the last items, the one before. An item alone on its line (a flow
// sequence written over several lines) goes with its line.
func removeFlowItems(src *source, seq *yaml.Node, first, last int) (span, bool) {
	data := src.data
	bounds := func(i int) (int, int, bool) {
		n := seq.Content[i]
		a, b, ok := exactExtent(src, n)
		if !ok || n.Kind != yaml.ScalarNode {
			return 0, 0, false
		}
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			a, b = a-1, b+1
		}
		return a, b, true
	}
	a, _, ok := bounds(first)
	_, b, ok2 := bounds(last)
	if !ok || !ok2 {
		return span{}, false
	}
	skip := func(i int, ws string) int {
		for i < len(data) && strings.IndexByte(ws, data[i]) >= 0 {
			i++
		}
		return i
	}
	after := skip(b, " \t")
	if after < len(data) && data[after] == ',' {
		end := skip(after+1, " \t")
		ls, _ := lineBounds(data, a)
		if blank(data[ls:a]) && (end >= len(data) || data[end] == '\n' || data[end] == '\r') {
			_, le := lineBounds(data, a)
			return span{start: ls, end: lineAfter(data, le)}, true
		}
		return span{start: a, end: end}, true
	}
	// The last items: the comma before them goes, with what separates it
	// from them.
	if first == 0 {
		return span{start: a, end: b}, true
	}
	_, pb, ok := bounds(first - 1)
	if !ok {
		return span{}, false
	}
	c := skip(pb, " \t")
	if c >= len(data) || data[c] != ',' || !blank(data[c+1:a]) {
		return span{}, false // a comment or an anchor between them
	}
	if strings.ContainsAny(string(data[c:a]), "\n") {
		// Over several lines: drop the comma, and the items' line.
		ls, _ := lineBounds(data, a)
		_, le := lineBounds(data, b)
		if !blank(data[ls:a]) {
			return span{}, false
		}
		return span{start: c, end: le}, true
	}
	return span{start: c, end: b}, true
}

// itemLineOK reports whether the line of a block sequence item holds only
// "- " and the item (and perhaps a comment).
func itemLineOK(src *source, n *yaml.Node) bool {
	line := src.line(n.Line)
	pre := line[:min(max(n.Column-1, 0), len(line))]
	return strings.TrimSpace(pre) == "-"
}

// locate finds the bytes of a flag or variable written outside config
// and env files. ok is false when they cannot be edited token by token
// (a value from an expanded variable, a folded or escaped YAML string).
func (r *run) locate(s *setting) (*located, bool) {
	if !tokenFixable(s) {
		return nil, false
	}
	if s.surf == surfEnv {
		return r.locateEnv(s)
	}
	return r.locateFlag(s)
}

// locateFlag finds a flag's word (and its separate value).
func (r *run) locateFlag(s *setting) (*located, bool) {
	src, data := s.src, s.src.data
	off := src.offset(s.at)
	limit := len(data)
	var item *nodeRef
	flow := false // the item is in a flow sequence: ["etcd", "--x"]
	if isYAMLKind(src) {
		e, ok := src.index().scalarHolding(off)
		if !ok {
			return nil, false
		}
		limit = e.end
		if p := e.ref.parent; p.Kind == yaml.SequenceNode && e.start == off && strings.HasPrefix(e.ref.node.Value, "-") {
			flow = p.Style&yaml.FlowStyle != 0
			if !flow && !itemLineOK(src, e.ref.node) {
				return nil, false
			}
			ref := e.ref
			item = &ref
		}
		_, le := lineBounds(data, off)
		limit = min(limit, le)
	}
	loc := &located{src: src}
	if isYAMLKind(src) {
		e, _ := src.index().scalarHolding(off)
		loc.markLine = e.ref.node.Line
	}
	i := off
	var quote byte
	if item == nil && i < limit && (data[i] == '"' || data[i] == '\'') {
		quote = data[i]
		i++
	}
	loc.wordStart = i
	d := 0
	for d < 2 && i+d < limit && data[i+d] == '-' {
		d++
	}
	loc.nameStart = i + d
	loc.nameEnd = loc.nameStart + len(s.name)
	if d == 0 || loc.nameEnd > limit || string(data[loc.nameStart:loc.nameEnd]) != s.name {
		return nil, false
	}
	end := limit
	if item == nil {
		end = wordEnd(data, off, limit)
	}
	loc.wordEnd = end
	if quote != 0 {
		if end-1 <= loc.nameEnd || data[end-1] != quote {
			return nil, false
		}
		loc.wordEnd = end - 1
	}
	switch {
	case loc.nameEnd < loc.wordEnd && data[loc.nameEnd] == '=':
		loc.valStart, loc.valEnd = loc.nameEnd+1, loc.wordEnd
		if v := data[loc.valStart:loc.valEnd]; quote == 0 && len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			// --name="value": edited inside its quotes.
			loc.valStart, loc.valEnd = loc.valStart+1, loc.valEnd-1
		}
		loc.valOK = string(data[loc.valStart:loc.valEnd]) == s.value
		loc.yamlPlain = item != nil && item.node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
	case loc.nameEnd != loc.wordEnd:
		return nil, false
	}
	if item != nil {
		last, lastIdx := item.node.Line, item.idx
		if s.valOff != 0 {
			if item.idx+1 >= len(item.parent.Content) {
				return nil, false
			}
			vn := item.parent.Content[item.idx+1]
			a, b, ok := exactExtent(src, vn)
			if !ok || a != s.valOff || !flow && !itemLineOK(src, vn) {
				return nil, false
			}
			loc.valStart, loc.valEnd, loc.valOK = a, b, true
			loc.yamlPlain = vn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
			last, lastIdx = vn.Line, item.idx+1
		}
		if flow {
			sp, ok := removeFlowItems(src, item.parent, item.idx, lastIdx)
			if !ok {
				return nil, false
			}
			loc.remove = []span{sp}
			return loc, true
		}
		loc.remove = []span{removeLines(src, item.node.Line, last)}
		return loc, true
	}
	wordsEnd := end
	if s.valOff != 0 {
		if s.valOff < end || !blank([]byte(strings.ReplaceAll(string(data[end:s.valOff]), "\\", ""))) {
			return nil, false
		}
		ve := wordEnd(data, s.valOff, len(data))
		loc.valStart, loc.valEnd = s.valOff, ve
		if q := data[s.valOff]; (q == '"' || q == '\'') && ve-s.valOff >= 2 && data[ve-1] == q {
			loc.valStart, loc.valEnd = s.valOff+1, ve-1
		}
		loc.valOK = string(data[loc.valStart:loc.valEnd]) == s.value
		wordsEnd = ve
	}
	loc.remove = []span{removeWords(data, off, wordsEnd)}
	return loc, true
}

// locateEnv finds a variable written in a manifest's env:, a compose
// file's environment: (mapping or list), a unit's Environment= or an
// assignment before the etcd command.
func (r *run) locateEnv(s *setting) (*located, bool) {
	src, data := s.src, s.src.data
	loc := &located{src: src}
	nameAt := func(a int) bool {
		loc.nameStart, loc.nameEnd = a, a+len(s.name)
		return loc.nameEnd <= len(data) && string(data[a:loc.nameEnd]) == s.name
	}
	valueOf := func(n *yaml.Node) bool {
		a, b, ok := exactExtent(src, n)
		if !ok || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return false
		}
		loc.valStart, loc.valEnd, loc.valOK = a, b, true
		loc.yamlPlain = n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
		return true
	}
	if isYAMLKind(src) {
		idx := src.index()
		if key, ok := idx.keyAt(s.at); ok {
			m := key.parent
			if key.node.Value == "name" && src.kind == KindKubernetes {
				// - name: ETCD_X
				//   value: "v"
				nv := m.Content[key.idx+1]
				a, _, ok := exactExtent(src, nv)
				if !ok || !nameAt(a) || nv.Value != s.name {
					return nil, false
				}
				if _, vv := mapGet(m, "value"); vv != nil && !valueOf(vv) {
					return nil, false
				}
				if s.refVal != nil {
					// valueFrom a ConfigMap among the inputs: the value is
					// edited there, as envFrom's are.
					a, b, ok := exactExtent(s.refSrc, s.refVal)
					if ok && s.refVal.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
						loc.valSrc, loc.valStart, loc.valEnd, loc.valOK = s.refSrc, a, b, true
						loc.yamlPlain = s.refVal.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
					}
				}
				last := lastNodeLine(m, 0)
				line := src.line(m.Line)
				if strings.TrimSpace(line[:min(max(m.Column-1, 0), len(line))]) != "-" {
					return nil, false
				}
				loc.remove = []span{removeLines(src, m.Line, last)}
				loc.markLine = m.Line
				return loc, true
			}
			// Compose mapping: ETCD_X: "v".
			if m.Style&yaml.FlowStyle != 0 {
				return nil, false
			}
			a, _, ok := exactExtent(src, key.node)
			if !ok || !nameAt(a) {
				return nil, false
			}
			v := m.Content[key.idx+1]
			if !valueOf(v) {
				return nil, false
			}
			loc.remove = []span{removeLines(src, key.node.Line, v.Line)}
			if src.kind == KindCompose {
				loc.markLine = key.node.Line // not in a ConfigMap's data
			}
			return loc, true
		}
		it, ok := idx.itemAt(s.at)
		if !ok || it.parent.Style&yaml.FlowStyle != 0 || !itemLineOK(src, it.node) {
			return nil, false
		}
		// Compose list: - ETCD_X=v.
		a, b, ok := exactExtent(src, it.node)
		if !ok || !nameAt(a) || loc.nameEnd >= b || data[loc.nameEnd] != '=' {
			return nil, false
		}
		loc.valStart, loc.valEnd, loc.valOK = loc.nameEnd+1, b, true
		loc.yamlPlain = it.node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0
		loc.remove = []span{removeLines(src, it.node.Line, it.node.Line)}
		loc.markLine = it.node.Line
		return loc, true
	}
	// A shell or systemd word: NAME=value, perhaps quoted as a whole.
	off := src.offset(s.at)
	i := off
	var quote byte
	if i < len(data) && (data[i] == '"' || data[i] == '\'') {
		quote = data[i]
		i++
	}
	if !nameAt(i) || loc.nameEnd >= len(data) || data[loc.nameEnd] != '=' {
		return nil, false
	}
	end := wordEnd(data, off, len(data))
	loc.valStart, loc.valEnd = loc.nameEnd+1, end
	if quote != 0 {
		if data[end-1] != quote {
			return nil, false
		}
		loc.valEnd = end - 1
	}
	loc.valOK = string(data[loc.valStart:loc.valEnd]) == s.value
	ls, le := lineBounds(data, off)
	if dir := strings.TrimLeft(string(data[ls:off]), " \t"); src.kind == KindSystemdUnit && strings.TrimSpace(dir) == "Environment=" && blank(data[end:le]) {
		// The only assignment of its Environment= line: the line goes.
		loc.remove = []span{{start: ls, end: lineAfter(data, le)}}
		return loc, true
	}
	loc.remove = []span{removeWords(data, off, end)}
	return loc, true
}

// safeValue reports whether v can be written as a new value in place: no
// blanks, quotes or characters a shell or YAML reads specially.
func safeValue(v string, yamlPlain bool) bool {
	if strings.ContainsAny(v, " \t\"'#$\\`;&|<>()\n") {
		return false
	}
	if yamlPlain && (v == "" || strings.ContainsAny(v, ":{}[]*!%@") || strings.HasPrefix(v, "-")) {
		return false
	}
	return true
}

// addSpans registers spans on a source and describes them as a Fix.
func (r *run) addSpans(src *source, desc string, spans ...span) *report.Fix {
	fix := &report.Fix{Description: desc}
	for _, sp := range spans {
		src.spans = append(src.spans, sp)
		a, b := src.posOf(sp.start), src.posOf(sp.end)
		fix.Edits = append(fix.Edits, report.Edit{
			File: src.name, Start: sp.start, End: sp.end, NewText: sp.text,
			Line: a.line, Column: a.col, EndLine: b.line, EndColumn: b.col,
		})
	}
	return fix
}

// tokenRemove removes a flag or variable (for rule), leaving a comment
// that names it when the assumed from version rests on it.
func (r *run) tokenRemove(s *setting, rule string) *report.Fix {
	loc, ok := r.locate(s)
	if !ok {
		return nil
	}
	spans := loc.remove
	if m := r.pinMarker(s, rule, loc); m != nil && loc.src == s.src {
		spans = append([]span{*m}, spans...)
	}
	return r.addSpans(loc.src, fmt.Sprintf("Remove %s", s.display()), spans...)
}

// tokenRename renames a flag (to is the name without dashes) or variable.
func (r *run) tokenRename(s *setting, to string) *report.Fix {
	loc, ok := r.locate(s)
	if !ok {
		return nil
	}
	return r.addSpans(loc.src, fmt.Sprintf("Rename %s to %s", s.name, to), span{start: loc.nameStart, end: loc.nameEnd, text: to})
}

// tokenValue replaces a flag's or variable's value.
func (r *run) tokenValue(s *setting, value, desc string) *report.Fix {
	loc, ok := r.locate(s)
	if !ok || !loc.valOK || !safeValue(value, loc.yamlPlain) {
		return nil
	}
	if s.bare {
		return r.addSpans(loc.src, desc, span{start: loc.nameEnd, end: loc.nameEnd, text: "=" + value})
	}
	return r.addSpans(loc.valueSource(), desc, span{start: loc.valStart, end: loc.valEnd, text: value})
}

// valueSource is the source holding the located value.
func (loc *located) valueSource() *source {
	if loc.valSrc != nil {
		return loc.valSrc
	}
	return loc.src
}

// tokenReplace writes another setting in place of s: --key=value for a
// flag, KEY=value (renamed, value replaced) for a variable. A value read
// from a ConfigMap is not replaced: the new name would no longer take
// the new value from where the old one was written.
func (r *run) tokenReplace(s *setting, key, value, desc string) *report.Fix {
	loc, ok := r.locate(s)
	if !ok || !safeValue(value, loc.yamlPlain) || loc.valSrc != nil {
		return nil
	}
	if s.surf == surfFlag {
		end := loc.wordEnd
		if s.valOff != 0 {
			// --name value: both words become one.
			if isYAMLKind(s.src) {
				return nil // two list items
			}
			end = loc.valEnd
			if d := s.src.data; end < len(d) && end > loc.valStart && (d[end] == '"' || d[end] == '\'') && d[s.valOff] == d[end] {
				end++
			}
		}
		return r.addSpans(loc.src, desc, span{start: loc.wordStart, end: end, text: "--" + key + "=" + value})
	}
	if !loc.valOK {
		return nil
	}
	return r.addSpans(loc.src, desc, span{start: loc.nameStart, end: loc.nameEnd, text: key}, span{start: loc.valStart, end: loc.valEnd, text: value})
}

// tokenAppend adds text at the end of a setting's value (merging gates
// into an existing feature-gates).
func (r *run) tokenAppend(s *setting, text, desc string) *report.Fix {
	loc, ok := r.locate(s)
	if !ok || !loc.valOK || s.bare || !safeValue(text, loc.yamlPlain) {
		return nil
	}
	if strings.TrimSpace(s.value) != "" {
		text = "," + text
	}
	return r.addSpans(loc.valueSource(), desc, span{start: loc.valEnd, end: loc.valEnd, text: text})
}

// spanEdits turns a source's spans into whole-line edits: spans on the
// same lines become one edit of those lines. Spans that overlap an
// earlier one are dropped.
func spanEdits(src *source) []edit {
	spans := slices.Clone(src.spans)
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	var kept []span
	for _, sp := range spans {
		n := len(kept)
		if n > 0 && kept[n-1].text == "" && sp.text == "" && kept[n-1].end > kept[n-1].start && sp.start <= kept[n-1].end {
			// Removals sharing the blank between them, or of consecutive
			// lines: one removal, ending the command if the later does.
			last := &kept[n-1]
			if sp.end >= last.end {
				last.endsCmd = sp.endsCmd
			}
			last.end = max(last.end, sp.end)
			continue
		}
		if n > 0 && (sp.start < kept[n-1].end || sp == kept[n-1]) {
			continue
		}
		kept = append(kept, sp)
	}
	for i := range kept {
		if kept[i].endsCmd {
			kept[i] = dropContinuation(src.data, kept[i])
		}
	}
	var out []edit
	for i := 0; i < len(kept); {
		first := src.posOf(kept[i].start).line
		last := src.posOf(max(kept[i].end-1, kept[i].start)).line
		j := i + 1
		for j < len(kept) && src.posOf(kept[j].start).line <= last {
			last = max(last, src.posOf(max(kept[j].end-1, kept[j].start)).line)
			j++
		}
		lo, hi := src.offset(pos{first, 1}), src.lineEnd(last)
		var b strings.Builder
		cur := lo
		for _, sp := range kept[i:j] {
			b.Write(src.data[cur:sp.start])
			b.WriteString(sp.text)
			cur = sp.end
		}
		b.Write(src.data[cur:hi])
		text := b.String()
		var lines []string
		if text != "" {
			text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
			for _, l := range strings.Split(text, "\n") {
				l = strings.TrimSuffix(l, "\r")
				if src.kind == KindSystemdUnit && strings.TrimSpace(l) == "Environment=" {
					// Every assignment removed: an empty Environment=
					// would reset the ones before it.
					continue
				}
				lines = append(lines, l)
			}
		}
		out = append(out, edit{start: first, end: last + 1, lines: lines})
		i = j
	}
	return out
}

// dropContinuation widens the removal of a continued command's last
// lines to the backslash ending the line before them, so that the
// command ends on that line (no backslash left before an empty line or
// joining the next one). The removed lines' final newline stays.
func dropContinuation(data []byte, sp span) span {
	pls, ple := lineBounds(data, sp.start-1)
	prev := strings.TrimRight(string(data[pls:ple]), " \t")
	if !strings.HasSuffix(prev, "\\") {
		return sp
	}
	end := sp.end
	if end > sp.start && data[end-1] == '\n' {
		end--
		if end > sp.start && data[end-1] == '\r' {
			end--
		}
	}
	cut := pls + len(strings.TrimRight(strings.TrimSuffix(prev, "\\"), " \t"))
	return span{start: cut, end: end}
}

// lastNodeLine is the last line a node or any node under it starts on:
// the end of an env entry whose valueFrom nests mappings.
func lastNodeLine(n *yaml.Node, depth int) int {
	if n == nil {
		return 0
	}
	last := n.Line
	if n.Kind == yaml.AliasNode || depth > 64 {
		return last
	}
	for _, c := range n.Content {
		last = max(last, lastNodeLine(c, depth+1))
	}
	return last
}
