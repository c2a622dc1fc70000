package configcheck

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// An edit replaces whole lines of a source: lines [start, end) (1-based)
// become lines; start == end inserts before line start.
type edit struct {
	start, end int
	lines      []string
}

// fixable reports whether --fix rewrites this kind of file by whole
// lines (config YAML and env files); see tokenFixable for the others.
func fixable(src *source) bool {
	return src.kind == KindConfigYAML || src.kind == KindEnvFile
}

// addEdits registers edits on a source and describes them as a Fix.
func (r *run) addEdits(src *source, desc string, edits ...edit) *report.Fix {
	fix := &report.Fix{Description: desc}
	for _, e := range edits {
		src.edits = append(src.edits, e)
		start := src.offset(pos{e.start, 1})
		end := start
		if e.end > e.start {
			end = src.lineEnd(e.end - 1)
		}
		text := ""
		if len(e.lines) > 0 {
			text = strings.Join(e.lines, "\n") + "\n"
		}
		fix.Edits = append(fix.Edits, report.Edit{
			File: src.name, Start: start, End: end, NewText: text,
			Line: e.start, Column: 1, EndLine: max(e.end, e.start), EndColumn: 1,
		})
	}
	return fix
}

// keySpan returns the byte range of the key token starting at col in line.
func keySpan(line string, col int) (int, int) {
	i := min(max(col-1, 0), len(line))
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		if j := strings.IndexByte(line[i+1:], line[i]); j >= 0 {
			return i, i + j + 2
		}
	}
	j := i
	for j < len(line) && line[j] != ':' {
		j++
	}
	return i, len(strings.TrimRight(line[:j], " \t"))
}

// valueSpan returns the byte range of a single-line scalar value at col.
func valueSpan(line string, col int) (int, int) {
	i := min(max(col-1, 0), len(line))
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		if j := strings.IndexByte(line[i+1:], line[i]); j >= 0 {
			return i, i + j + 2
		}
	}
	end := len(line)
	if k := strings.Index(line[i:], " #"); k >= 0 {
		end = i + k
	}
	return i, len(strings.TrimRight(line[:end], " \t"))
}

// yamlSpanEnd is the last line of a YAML key's value block.
func yamlSpanEnd(src *source, s *setting) int {
	indent := s.at.col - 1
	last := s.at.line
	seq := s.val != nil && s.val.Kind == yaml.SequenceNode
	for n := s.at.line + 1; n <= len(src.lines); n++ {
		l := src.line(n)
		t := strings.TrimLeft(l, " \t")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ind := len(l) - len(t)
		if ind > indent || seq && ind == indent && strings.HasPrefix(t, "-") {
			last = n
			continue
		}
		break
	}
	return last
}

// removeFix comments a setting out, with a line saying why; a flag or a
// variable outside an env file loses its tokens.
func (r *run) removeFix(s *setting, rule, why string) *report.Fix {
	if tokenFixable(s) {
		return r.tokenRemove(s, rule)
	}
	if !fixable(s.src) {
		return nil
	}
	end := s.at.line
	if s.surf == surfYAML {
		end = yamlSpanEnd(s.src, s)
	}
	first := s.src.line(s.at.line)
	indent := first[:len(first)-len(strings.TrimLeft(first, " \t"))]
	lines := []string{fmt.Sprintf("%s# etcdlint: removed (%s): %s", indent, rule, why)}
	for n := s.at.line; n <= end; n++ {
		l := s.src.line(n)
		lines = append(lines, indent+"# "+strings.TrimPrefix(l, indent))
	}
	return r.addEdits(s.src, fmt.Sprintf("Remove %s", s.display()), edit{start: s.at.line, end: end + 1, lines: lines})
}

// renameFix renames a setting's key or variable, keeping its value.
func (r *run) renameFix(s *setting, to string) *report.Fix {
	if tokenFixable(s) {
		return r.tokenRename(s, to)
	}
	if !fixable(s.src) {
		return nil
	}
	line := s.src.line(s.at.line)
	var a, b int
	if s.surf == surfYAML {
		a, b = keySpan(line, s.at.col)
	} else {
		a = min(s.at.col-1, len(line))
		b = min(a+len(s.name), len(line))
	}
	newLine := line[:a] + to + line[b:]
	return r.addEdits(s.src, fmt.Sprintf("Rename %s to %s", s.name, to), edit{start: s.at.line, end: s.at.line + 1, lines: []string{newLine}})
}

// valueFix replaces a setting's value.
func (r *run) valueFix(s *setting, value, desc string) *report.Fix {
	if tokenFixable(s) {
		return r.tokenValue(s, value, desc)
	}
	if !fixable(s.src) {
		return nil
	}
	line := s.src.line(s.at.line)
	switch s.surf {
	case surfYAML:
		if s.val == nil || s.val.Line != s.at.line || s.val.Kind != yaml.ScalarNode {
			return nil
		}
		a, b := valueSpan(line, s.val.Column)
		return r.addEdits(s.src, desc, edit{start: s.at.line, end: s.at.line + 1, lines: []string{line[:a] + value + line[b:]}})
	case surfEnv:
		a := min(s.at.col-1, len(line))
		return r.addEdits(s.src, desc, edit{start: s.at.line, end: s.at.line + 1, lines: []string{line[:a] + s.name + "=" + envQuote(value)}})
	}
	return nil
}

// replaceFix rewrites a whole setting line as key: value or NAME=value.
func (r *run) replaceFix(s *setting, key, value, desc string) *report.Fix {
	if tokenFixable(s) {
		return r.tokenReplace(s, key, value, desc)
	}
	if !fixable(s.src) {
		return nil
	}
	line := s.src.line(s.at.line)
	a := min(s.at.col-1, len(line))
	var nl string
	if s.surf == surfYAML {
		if s.val != nil && s.val.Kind != yaml.ScalarNode {
			return nil
		}
		nl = line[:a] + key + ": " + value
	} else {
		nl = line[:a] + key + "=" + envQuote(value)
	}
	return r.addEdits(s.src, desc, edit{start: s.at.line, end: s.at.line + 1, lines: []string{nl}})
}

func envQuote(v string) string {
	if strings.ContainsAny(v, " \t\"'#$\\") {
		return strconv.Quote(v)
	}
	return v
}

// hasSetting reports whether the invocation sets flag f on surface surf.
func hasSetting(inv *invocation, f *rules.Flag, surf surface) bool {
	for _, s := range inv.settings() {
		if s.surf == surf && s.flag == f {
			return true
		}
	}
	return false
}

// yamlParent is the section of a dotted YAML key ("" for top level).
func yamlParent(key string) (parent, leaf string) {
	if p, l, ok := strings.Cut(key, "."); ok {
		return p, l
	}
	return "", key
}

// fixFrom is the oldest version a fix's result must start on: the from
// version (members run it during the rolling upgrade), or the target
// with --fix-after-upgrade.
func (r *run) fixFrom(st *checkState) rules.Version {
	if r.opts.FixAfterUpgrade {
		return r.target
	}
	return st.from
}

// windowAccepts reports whether both ends of the rolling window accept f.
func (r *run) windowAccepts(st *checkState, f *rules.Flag) bool {
	return f != nil && r.flagIn(f, r.target) && r.flagIn(f, r.fixFrom(st))
}

// deferNote says that no migrated form works while members are mixed.
func (r *run) deferNote(st *checkState) string {
	return fmt.Sprintf("; fix: no form both %s and %s accept; after every member runs %s, run with --fix-after-upgrade", st.from, r.target, r.target)
}

// removeChangesFrom reports whether removing a setting the target only
// ignores changes what a from member does: the from version reads it and
// its value is not the default.
func (r *run) removeChangesFrom(st *checkState, s *setting) bool {
	from := r.fixFrom(st)
	return s.surf != surfFlag && r.valid(s, from) && !isDefaultValue(s.flag, s.value, from)
}

// windowRemove removes a setting the target does not read, unless the
// removal would change a from member: then the note says when to.
func (r *run) windowRemove(st *checkState, s *setting, rule string) (*report.Fix, string) {
	if r.removeChangesFrom(st, s) {
		return nil, fmt.Sprintf("; fix: etcd %s still reads %s, so removing it changes members not yet upgraded; after every member runs %s, run with --fix-after-upgrade", st.from, s.display(), r.target)
	}
	return r.removeFix(s, rule, fmt.Sprintf("etcd %s does not read %s", r.target, s.name)), ""
}

// migrateFix proposes the migration of a removed, renamed or deprecated
// setting, and a note for the message when the only migration is one the
// from version does not accept (the rolling window: while members are
// mixed, a fix writes only what both versions accept).
func (r *run) migrateFix(st *checkState, s *setting, rule string) (*report.Fix, string) {
	f := s.flag
	if f == nil || f.FeatureGate() != "" || !fixable(s.src) && !tokenFixable(s) {
		return nil, ""
	}
	// targetNew is the replacement row when the target accepts it on this
	// surface and it is not set already (on any surface: a flag and its
	// variable together stop etcd).
	targetNew := func(name string) *rules.Flag {
		nf := r.table.byName[name]
		if nf == nil || !r.flagIn(nf, r.target) {
			return nil
		}
		for _, o := range st.inv.settings() {
			if o.flag == nf && (o.surf == s.surf || s.surf != surfYAML && o.surf != surfYAML) {
				return nil
			}
		}
		if s.surf == surfYAML && nf.YAMLKey() == "" {
			return nil
		}
		return nf
	}
	deferred := false
	validNew := func(name string) *rules.Flag {
		nf := targetNew(name)
		if nf != nil && !r.flagIn(nf, r.fixFrom(st)) {
			deferred = true
			return nil
		}
		return nf
	}
	note := func() string {
		if deferred {
			return r.deferNote(st)
		}
		return ""
	}
	newName := func(nf *rules.Flag) string {
		switch s.surf {
		case surfEnv:
			return nf.EnvName()
		case surfFlag:
			return nf.Name
		}
		_, leaf := yamlParent(nf.YAMLKey())
		return leaf
	}
	sameParent := func(nf *rules.Flag) bool {
		if s.surf != surfYAML {
			return true
		}
		p1, _ := yamlParent(f.YAMLKey())
		p2, _ := yamlParent(nf.YAMLKey())
		return p1 == p2
	}
	switch f.Name {
	case "ca-file", "peer-ca-file":
		p := strings.TrimSuffix(f.Name, "ca-file")
		nf, auth := validNew(p+"trusted-ca-file"), r.table.byName[p+"client-cert-auth"]
		if nf == nil {
			break
		}
		if tokenFixable(s) {
			return r.caFileTokens(st, s, nf, auth), ""
		}
		fix := r.renameFix(s, newName(nf))
		if fix == nil {
			return nil, ""
		}
		if auth != nil && !hasSetting(st.inv, auth, s.surf) {
			line := s.src.line(s.at.line)
			indent := line[:min(s.at.col-1, len(line))]
			nl := indent + newName(auth) + ": true"
			if s.surf == surfEnv {
				nl = indent + auth.EnvName() + "=true"
			}
			more := r.addEdits(s.src, "", edit{start: s.at.line + 1, end: s.at.line + 1, lines: []string{nl}})
			fix.Edits = append(fix.Edits, more.Edits...)
		}
		fix.Description = fmt.Sprintf("Replace %s with %s and client-cert-auth true", s.name, newName(nf))
		return fix, ""
	case "debug":
		if boolValue(s) == "true" {
			if nf := validNew("log-level"); nf != nil {
				return r.replaceFix(s, newName(nf), "debug", "Replace debug with log-level debug"), ""
			}
		}
		if !r.valid(s, r.target) && !deferred {
			return r.windowRemove(st, s, rule)
		}
		return nil, note()
	case "proxy":
		if v := strings.TrimSpace(s.value); s.bare || v == "on" || v == "readonly" {
			// Without the flag the process would start as a cluster
			// member, not as a proxy.
			return nil, "; not fixed automatically: without --proxy the process starts as a cluster member; run etcd grpc-proxy start or etcd gateway start in its place"
		}
	case "log-output":
		if nf := validNew("log-outputs"); nf != nil {
			val := s.value
			if s.surf == surfYAML {
				val = "[" + val + "]"
			}
			return r.replaceFix(s, newName(nf), val, "Replace log-output with log-outputs"), ""
		}
	}
	if f.Name != "discovery" && f.Name != "discovery-proxy" {
		if nf := targetNew(f.RenamedTo); nf != nil && sameParent(nf) {
			if nf = validNew(f.RenamedTo); nf != nil {
				return r.renameFix(s, newName(nf)), ""
			}
		}
	}
	if deferred {
		return nil, note()
	}
	if !r.valid(s, r.target) {
		return r.windowRemove(st, s, rule)
	}
	return nil, ""
}

// caFileTokens replaces --ca-file with --trusted-ca-file and, unless it
// is set, --client-cert-auth (which --ca-file implied).
func (r *run) caFileTokens(st *checkState, s *setting, nf, auth *rules.Flag) *report.Fix {
	loc, ok := r.locate(s)
	if !ok {
		return nil
	}
	name := nf.Name
	if s.surf == surfEnv {
		name = nf.EnvName()
	}
	spans := []span{{start: loc.nameStart, end: loc.nameEnd, text: name}}
	if auth != nil && !hasSetting(st.inv, auth, surfFlag) && !hasSetting(st.inv, auth, surfEnv) {
		if s.surf != surfFlag {
			sp, ok := envInsertAfter(s, loc, auth.EnvName(), "true")
			if !ok {
				return nil
			}
			return r.addSpans(s.src, fmt.Sprintf("Replace %s with %s and %s true", s.name, name, auth.EnvName()), append(spans, sp)...)
		}
		end := loc.wordEnd
		if s.valOff != 0 {
			end = loc.valEnd
		}
		if e, ok := s.src.index().scalarHolding(s.src.offset(s.at)); isYAMLKind(s.src) && ok && e.start == s.src.offset(s.at) && e.ref.parent.Kind == yaml.SequenceNode {
			// A list item: a new item after the setting's last line.
			last := loc.remove[0].end
			line := s.src.line(e.ref.node.Line)
			prefix := line[:e.ref.node.Column-1]
			if e.ref.node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				prefix = line[:e.ref.node.Column]
			}
			nl := "\n"
			if last > 0 && last <= len(s.src.data) && s.src.data[last-1] != '\n' {
				nl, prefix = "", "\n"+prefix
			}
			closing := ""
			if q := line[e.ref.node.Column-1]; q == '"' || q == '\'' {
				closing = string(q)
			}
			spans = append(spans, span{start: last, end: last, text: prefix + "--" + auth.Name + "=true" + closing + nl})
		} else {
			if end < len(s.src.data) && (s.src.data[end] == '"' || s.src.data[end] == '\'') {
				end++
			}
			spans = append(spans, span{start: end, end: end, text: " --" + auth.Name + "=true"})
		}
	}
	return r.addSpans(s.src, fmt.Sprintf("Replace %s with %s and client-cert-auth true", s.name, name), spans...)
}

// gateMigration moves experimental boolean flags into feature-gates:
// into an existing feature-gates setting of the same file and surface,
// else the first one moved becomes it. While members are mixed it does
// so only when the from version accepts feature-gates (3.6 and later);
// otherwise each finding says so.
func (r *run) gateMigration(st *checkState) {
	if len(st.gateMove) == 0 || r.target.Less(v("3.6.0")) {
		return
	}
	type group struct {
		src  *source
		surf surface
	}
	fgFlag := r.table.byName["feature-gates"]
	byGroup := map[group][]gateMove{}
	var order []group
	for _, m := range st.gateMove {
		if !fixable(m.s.src) && !tokenFixable(m.s) {
			continue
		}
		if !r.windowAccepts(st, fgFlag) {
			if r.flagIn(fgFlag, r.target) {
				r.rep.Findings[m.finding].Message += r.deferNote(st)
			}
			continue
		}
		g := group{m.s.src, m.s.surf}
		if _, ok := byGroup[g]; !ok {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], m)
	}
	for _, g := range order {
		moves := byGroup[g]
		var fg *setting
		otherSurface := false
		for _, s := range st.inv.settings() {
			if s.flag == nil || s.flag.Name != "feature-gates" {
				continue
			}
			if s.src == g.src && s.surf == g.surf {
				fg = s
			} else if g.surf != surfYAML && s.surf != surfYAML {
				otherSurface = true
			}
		}
		if fg == nil && otherSurface {
			continue // a second feature-gates on the other surface stops etcd
		}
		names, values := []string{}, map[string]string{}
		if fg != nil {
			names, values = parseGates(fg.value)
		}
		var added []string
		for _, m := range moves {
			if _, ok := values[m.gate]; !ok {
				names = append(names, m.gate)
				values[m.gate] = m.value
				added = append(added, m.gate+"="+m.value)
			}
		}
		var parts []string
		for _, n := range slices.Compact(names) {
			parts = append(parts, n+"="+values[n])
		}
		merged := strings.Join(parts, ",")
		token := tokenFixable(moves[0].s)
		for i, m := range moves {
			var fix *report.Fix
			rule := r.rep.Findings[m.finding].Rule
			switch {
			case i == 0 && fg != nil && token:
				fix = r.tokenAppend(fg, strings.Join(added, ","), "")
				if fix != nil {
					if rm := r.tokenRemove(m.s, rule); rm != nil {
						fix.Edits = append(fix.Edits, rm.Edits...)
					}
				}
			case i == 0 && fg != nil:
				fix = r.valueFix(fg, strconv.Quote(merged), "")
				if fix != nil {
					rm := r.removeFix(m.s, rule, "moved to feature-gates")
					if rm != nil {
						fix.Edits = append(fix.Edits, rm.Edits...)
					}
				}
			case i == 0 && token:
				key := "feature-gates"
				if m.s.surf == surfEnv {
					key = "ETCD_FEATURE_GATES"
				}
				fix = r.tokenReplace(m.s, key, merged, "")
			case i == 0:
				key, val := "feature-gates", strconv.Quote(merged)
				if m.s.surf == surfEnv {
					key, val = "ETCD_FEATURE_GATES", merged
				}
				if m.s.surf == surfYAML && m.s.parent != nil && m.s.parent.Line != 0 && m.s.at.col != 1 {
					fix = r.removeFix(m.s, rule, "moved to feature-gates")
				} else {
					fix = r.replaceFix(m.s, key, val, "")
				}
			default:
				fix = r.removeFix(m.s, rule, "moved to feature-gates")
			}
			if fix != nil {
				fix.Description = fmt.Sprintf("Move %s to feature gate %s=%s", m.s.name, m.gate, m.value)
				r.rep.Findings[m.finding].Fix = fix
			}
		}
	}
}

// applyFixes applies the edits of every fixable source: it writes them
// (write) or renders a unified diff.
func (r *run) applyFixes(write bool) (string, []string, error) {
	var diff strings.Builder
	var fixed []string
	for _, src := range r.sources {
		edits := src.edits
		if len(src.spans) > 0 {
			edits = append(slices.Clone(edits), spanEdits(src)...)
		}
		if len(edits) == 0 {
			continue
		}
		kept := nonOverlapping(edits)
		out := applyEdits(src, kept)
		if write {
			if src.path == "" {
				continue
			}
			if err := r.tree.WriteFile(src.path, out); err != nil {
				r.problem(src.name, 0, fmt.Sprintf("fixes not written: %s", strings.TrimPrefix(err.Error(), "writing "+src.path+": ")))
				continue
			}
			fixed = append(fixed, src.name)
			continue
		}
		diff.WriteString(unifiedDiff(src, kept))
	}
	return diff.String(), fixed, nil
}

// nonOverlapping sorts edits and drops any that overlap an earlier one.
func nonOverlapping(edits []edit) []edit {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b edit) int { return a.start - b.start })
	var out []edit
	last := 0
	for _, e := range sorted {
		if e.start < last || len(out) > 0 && e.start == out[len(out)-1].start && e.end == e.start && out[len(out)-1].end == e.start && slices.Equal(out[len(out)-1].lines, e.lines) {
			continue
		}
		out = append(out, e)
		last = max(last, e.end)
		if e.end == e.start {
			last = e.start
		}
	}
	return out
}

// srcLines returns the source's lines (without newline) and the newline.
func srcLines(src *source) ([]string, string) {
	nl := "\n"
	if strings.Contains(string(src.data), "\r\n") {
		nl = "\r\n"
	}
	lines := make([]string, len(src.lines))
	for i := range lines {
		lines[i] = src.line(i + 1)
	}
	return lines, nl
}

// applyEdits returns the source's content with the edits applied.
func applyEdits(src *source, edits []edit) []byte {
	lines, nl := srcLines(src)
	var out []string
	next := 1
	for _, e := range edits {
		for ; next < e.start && next <= len(lines); next++ {
			out = append(out, lines[next-1])
		}
		out = append(out, e.lines...)
		next = max(next, e.end)
	}
	for ; next <= len(lines); next++ {
		out = append(out, lines[next-1])
	}
	return []byte(strings.Join(out, nl))
}

// unifiedDiff renders edits as a unified diff with three context lines.
func unifiedDiff(src *source, edits []edit) string {
	if len(edits) == 0 {
		return ""
	}
	lines, _ := srcLines(src)
	n := len(lines)
	if n > 0 && lines[n-1] == "" && len(src.data) > 0 && src.data[len(src.data)-1] == '\n' {
		n-- // the empty "line" after the final newline
	}
	const ctx = 3
	var b strings.Builder
	name := diffName(src.name)
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	delta := 0
	for i := 0; i < len(edits); {
		j := i
		for j+1 < len(edits) && edits[j+1].start-edits[j].end <= 2*ctx {
			j++
		}
		lo := max(1, edits[i].start-ctx)
		hi := min(n, max(edits[j].end-1, edits[j].start-1)+ctx)
		var body []string
		oldCount, newCount := 0, 0
		cur := lo
		for k := i; k <= j; k++ {
			e := edits[k]
			for ; cur < e.start && cur <= hi; cur++ {
				body = append(body, " "+lines[cur-1])
				oldCount++
				newCount++
			}
			for l := e.start; l < e.end && l <= n; l++ {
				body = append(body, "-"+lines[l-1])
				oldCount++
			}
			for _, l := range e.lines {
				body = append(body, "+"+l)
				newCount++
			}
			cur = max(cur, e.end)
		}
		for ; cur <= hi; cur++ {
			body = append(body, " "+lines[cur-1])
			oldCount++
			newCount++
		}
		newStart := lo + delta
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", lo, oldCount, newStart, newCount)
		for _, l := range body {
			b.WriteString(l + "\n")
		}
		delta += newCount - oldCount
		i = j + 1
	}
	return b.String()
}

// diffName is the path a diff header names: the input's name, cleaned. An
// absolute name is left as it is: the command line, which knows its
// working directory, makes it relative (usable with patch -p1).
func diffName(name string) string {
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(name)), "./")
}

// envInsertAfter returns the span that sets another variable next to the
// located variable s, in the same form: a new env: entry of a manifest,
// a new entry of a compose environment: mapping or list, or another
// NAME=value word of a unit's Environment= line or a command's
// assignments.
func envInsertAfter(s *setting, loc *located, name, value string) (span, bool) {
	src, data := s.src, s.src.data
	if isYAMLKind(src) {
		if len(loc.remove) != 1 {
			return span{}, false
		}
		at := loc.remove[0].end
		first := src.posOf(loc.remove[0].start).line
		line := src.line(first)
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		rest := strings.TrimLeft(line, " \t")
		var text string
		switch {
		case src.kind == KindKubernetes && strings.HasPrefix(rest, "- name:"):
			text = indent + "- name: " + name + "\n" + indent + "  value: \"" + value + "\"\n"
		case strings.HasPrefix(rest, "- \""):
			text = indent + "- \"" + name + "=" + value + "\"\n"
		case strings.HasPrefix(rest, "- '"):
			text = indent + "- '" + name + "=" + value + "'\n"
		case strings.HasPrefix(rest, "- "):
			text = indent + "- " + name + "=" + value + "\n"
		default:
			text = indent + name + ": \"" + value + "\"\n"
		}
		if at > 0 && data[at-1] != '\n' {
			text = "\n" + strings.TrimSuffix(text, "\n")
		}
		return span{start: at, end: at, text: text}, true
	}
	end := wordEnd(data, src.offset(s.at), len(data))
	return span{start: end, end: end, text: " " + name + "=" + value}, true
}
