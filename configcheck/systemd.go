package configcheck

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/report"
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
// a systemd specifier, an unexpanded $VAR or a valueFrom source not
// read. Such values are not checked
// as URLs or by etcd's validation.
func (s *setting) opaque() bool {
	if s.unknownValue() {
		return true
	}
	if s.src != nil && s.src.kind == KindSystemdUnit && specifierRE.MatchString(s.value) {
		return true
	}
	return strings.Contains(s.value, "$")
}

// unitGroup is a service unit with its drop-ins, merged the way systemd
// merges them. unit is nil for drop-ins whose unit is not in the run.
type unitGroup struct {
	name    string    // the unit's name: etcd.service
	unit    *source   // the unit file, when given
	dropIns []*source // in the order systemd applies them
	masked  []*source // drop-ins hidden by one of the same name
}

// dropInUnit returns the unit a drop-in file configures: a .conf file in
// a NAME.service.d directory (next to the unit, or in the
// etc/systemd/system layout).
func dropInUnit(p string) (string, bool) {
	if strings.ToLower(filepath.Ext(p)) != ".conf" {
		return "", false
	}
	name, ok := strings.CutSuffix(filepath.Base(filepath.Dir(p)), ".d")
	if !ok || filepath.Ext(name) != ".service" || len(name) == len(".service") {
		return "", false
	}
	return name, true
}

// unitDirs are the directories systemd loads units and drop-ins from, the
// highest priority first (systemd.unit(5), "Unit File Load Path").
var unitDirs = []string{"/etc/systemd/system/", "/run/systemd/system/", "/usr/local/lib/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/"}

// dirPriority ranks a drop-in's directory: a higher number wins over a
// drop-in of the same file name in another directory.
func dirPriority(p string) int {
	slash := filepath.ToSlash(p)
	for i, d := range unitDirs {
		if strings.Contains(slash, d) {
			return len(unitDirs) - i
		}
	}
	return 0
}

// nodeRoot is the directory a drop-in's tree starts at: the part of its
// path before etc/systemd/system (or another unit directory), else the
// directory holding its .d directory. Drop-ins without a unit are merged
// per unit name and tree.
func nodeRoot(p string) string {
	slash := filepath.ToSlash(p)
	for _, d := range unitDirs {
		if i := strings.Index(slash, d); i >= 0 {
			return slash[:i]
		}
	}
	return filepath.Dir(filepath.Dir(p))
}

// orderDropIns returns the drop-ins in systemd's order: sorted by file
// name across directories; of several with the same file name only the
// one in the highest-priority directory is used (the others are masked).
func orderDropIns(list []*source) (used, masked []*source) {
	best := map[string]*source{}
	for _, s := range list {
		b := filepath.Base(s.name)
		if cur, ok := best[b]; !ok || dirPriority(s.name) > dirPriority(cur.name) {
			if ok {
				masked = append(masked, cur)
			}
			best[b] = s
		} else {
			masked = append(masked, s)
		}
	}
	for _, s := range best {
		used = append(used, s)
	}
	slices.SortFunc(used, func(a, b *source) int { return strings.Compare(filepath.Base(a.name), filepath.Base(b.name)) })
	return used, masked
}

// sourceKey is a source's absolute path (its name for standard input).
func sourceKey(s *source) string {
	if s.path == "" {
		return s.name
	}
	if abs, err := filepath.Abs(s.path); err == nil {
		return abs
	}
	return s.path
}

// commonPrefixLen is the number of leading path elements a and b share.
func commonPrefixLen(a, b string) int {
	as, bs := strings.Split(filepath.ToSlash(a), "/"), strings.Split(filepath.ToSlash(b), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

// buildUnitGroups pairs the run's drop-ins with their units: a drop-in
// belongs to the unit of its name that shares the longest path with it
// (the one beside it or in the same tree); drop-ins of a unit not in the
// run are grouped by unit name and tree.
func (r *run) buildUnitGroups(found []detected) {
	r.groups = map[*source]*unitGroup{}
	var units, dropIns []*source
	for _, d := range found {
		if d.src.kind != KindSystemdUnit {
			continue
		}
		if _, ok := dropInUnit(d.src.name); ok {
			dropIns = append(dropIns, d.src)
			continue
		}
		units = append(units, d.src)
		r.groups[d.src] = &unitGroup{name: filepath.Base(d.src.name), unit: d.src}
	}
	orphans := map[string]*unitGroup{}
	var all []*unitGroup
	for _, u := range units {
		all = append(all, r.groups[u])
	}
	for _, d := range dropIns {
		name, _ := dropInUnit(d.name)
		var g *unitGroup
		best := -1
		for _, u := range units {
			if filepath.Base(u.name) != name {
				continue
			}
			if n := commonPrefixLen(sourceKey(u), sourceKey(d)); n > best {
				g, best = r.groups[u], n
			}
		}
		if g == nil {
			key := name + "\x00" + nodeRoot(sourceKey(d))
			if g = orphans[key]; g == nil {
				g = &unitGroup{name: name}
				orphans[key] = g
				all = append(all, g)
			}
		}
		g.dropIns = append(g.dropIns, d)
		r.groups[d] = g
	}
	for _, g := range all {
		g.dropIns, g.masked = orderDropIns(g.dropIns)
	}
}

// unitGroupOf returns the group a unit or drop-in belongs to.
func (r *run) unitGroupOf(src *source) *unitGroup {
	if g := r.groups[src]; g != nil {
		return g
	}
	return &unitGroup{name: filepath.Base(src.name), unit: src}
}

// containerLinuxMember is the ExecStart= of etcd-member.service as
// Container Linux shipped it (coreos-overlay app-admin/etcd-wrapper): its
// drop-ins set ETCD_* variables, ETCD_IMAGE_TAG and ETCD_OPTS for it.
const containerLinuxMember = "[Service]\nExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS\n"

// etcdWrapperOwn are the variables CoreOS's etcd-wrapper reads itself to
// choose and run the image; they are not etcd's.
var etcdWrapperOwn = map[string]bool{
	"ETCD_IMAGE_TAG": true, "ETCD_IMAGE_URL": true, "ETCD_IMAGE": true, "ETCD_USER": true,
	"ETCD_SSL_DIR": true, "ETCD_IMAGE_ARGS": true,
}

// unitVar is a variable set by Environment= or EnvironmentFile=.
type unitVar struct {
	name, value string
	src         *source
	off         int
	setting     *setting // for ETCD_* variables
	seq         int      // the order it was written in
}

// unitEnv is an ordered list of variables where a later assignment
// replaces an earlier one.
type unitEnv []unitVar

func (e unitEnv) set(v unitVar) unitEnv {
	for i := range e {
		if e[i].name == v.name {
			e = append(e[:i:i], e[i+1:]...)
			break
		}
	}
	return append(e, v)
}

// unitExec is the ExecStart= in effect.
type unitExec struct {
	src   *source
	d     unitDirective
	words []word
}

// unitInvocations merges a unit with its drop-ins in systemd's order and
// builds the invocation its ExecStart= makes: a later ExecStart= adds to
// the list and an empty one resets it (a service has one), Environment=
// assignments accumulate with later ones winning, EnvironmentFile=
// variables override Environment= ones, and an empty assignment of
// either resets it.
func (r *run) unitInvocations(g *unitGroup) []*invocation {
	srcs := append([]*source{}, g.dropIns...)
	if g.unit != nil {
		srcs = append([]*source{g.unit}, srcs...)
	}
	for _, s := range append(srcs, g.masked...) {
		r.addInput(s)
	}
	for _, s := range g.masked {
		r.rep.Facts = append(r.rep.Facts, report.Fact{Subject: s.name, Name: "masked_drop_in", Value: "a drop-in of the same name in a higher-priority directory is used instead"})
	}
	var exec *unitExec
	builtin := g.unit == nil && g.name == "etcd-member.service"
	if builtin {
		b := newSource(g.name, "", []byte(containerLinuxMember))
		for _, d := range parseUnit(b) {
			words, _ := splitWords(b.data, d.valOff, len(b.data), modeLine)
			exec = &unitExec{src: b, d: d, words: words}
		}
	}
	var direct, files unitEnv
	execs, seq := 0, 0
	var second *unitExec // a second ExecStart= in effect
	oneshot := false
	for _, src := range srcs {
		for _, d := range parseUnit(src) {
			if d.section != "Service" && d.section != "" {
				continue
			}
			switch d.key {
			case "ExecStart":
				start := d.valOff
				for start < len(src.data) && strings.IndexByte("-@:+!", src.data[start]) >= 0 {
					start++
				}
				words, _ := splitWords(src.data, start, len(src.data), modeLine)
				if len(words) == 0 {
					exec, execs = nil, 0 // ExecStart= resets the list
					continue
				}
				execs++
				exec = &unitExec{src: src, d: d, words: words}
				if execs == 2 {
					second = &unitExec{src: src, d: d}
				}
			case "Type":
				oneshot = strings.TrimSpace(src.line(d.line)[d.valOff-src.lines[d.line-1]:]) == "oneshot"
			case "Environment":
				words, _ := splitWords(src.data, d.valOff, len(src.data), modeLine)
				if len(words) == 0 {
					direct = nil
				}
				for _, w := range words {
					name, value, ok := strings.Cut(w.text, "=")
					if !ok {
						continue
					}
					seq++
					v := unitVar{name: name, value: value, src: src, off: w.off, seq: seq}
					if strings.HasPrefix(name, "ETCD_") && !notEtcdEnv(name, imageOther) {
						v.setting = r.table.envSetting(src, name, value, src.posOf(w.off))
					}
					direct = direct.set(v)
				}
			case "EnvironmentFile":
				words, _ := splitWords(src.data, d.valOff, len(src.data), modeLine)
				if len(words) == 0 {
					files = nil
				}
				for _, w := range words {
					p, optional := strings.CutPrefix(w.text, "-")
					for _, s := range r.referencedEnv(src, p, optional, src.posOf(w.off)) {
						seq++
						files = files.set(unitVar{name: s.name, value: s.value, src: s.src, off: s.src.offset(s.at), setting: s, seq: seq})
					}
				}
			}
		}
	}
	main := srcs[0]
	if second != nil && execs > 1 && !oneshot {
		r.problem(second.src.name, second.d.line, "a second ExecStart= without an empty ExecStart= before it: systemd refuses to start a service with more than one unless it is Type=oneshot")
	}
	if exec == nil {
		if g.unit == nil {
			for _, s := range g.dropIns {
				r.problem(s.name, 0, fmt.Sprintf("drop-in for %s, which is not among the checked files: its settings are checked with the unit (name %s too)", g.name, g.name))
			}
			return nil
		}
		r.problem(main.name, 0, "no ExecStart= line starts etcd; nothing to check")
		return nil
	}
	env := direct
	for _, v := range files {
		env = env.set(v)
	}
	slices.SortFunc(env, func(a, b unitVar) int { return a.seq - b.seq })
	vars := map[string]unitVar{}
	for _, v := range env {
		vars[v.name] = v
	}
	words, used := expandUnitVars(exec.words, vars, exec.src.path == "" && builtin)
	invSrc, start := exec.src, exec.src.posOf(exec.d.lineOff)
	if builtin && exec.src.path == "" {
		// The ExecStart= is etcd-member.service's own: the invocation is
		// placed where the drop-ins configure it.
		invSrc, start = g.dropIns[0], pos{1, 1}
		if v, ok := vars["ETCD_OPTS"]; ok {
			invSrc, start = v.src, v.src.posOf(v.off)
		}
	}
	plain := map[string]string{}
	for _, v := range env {
		plain[v.name] = v.value
	}
	if cr, ok := parseContainerRun(words); ok {
		// The container gets only the environment its -e options pass.
		inv := r.containerRunInvocation(invSrc, start, cr, "ExecStart", plain)
		if inv == nil {
			return nil
		}
		return []*invocation{inv}
	}
	assign, cw, args, ok := commandWords(words)
	if !ok {
		// A shell wrapper: sh -c "etcd ...".
		for _, w := range words {
			if !strings.ContainsAny(w.text, " \t") {
				continue
			}
			inner, _ := splitWords([]byte(w.text), 0, len(w.text), modeShell)
			for i := range inner {
				inner[i].off, inner[i].src = w.off, w.src
			}
			if assign, cw, args, ok = commandWords(inner); ok {
				break
			}
		}
	}
	if !ok {
		r.problem(invSrc.name, start.line, "the ExecStart= line does not start etcd; nothing to check")
		return nil
	}
	inv := r.command(invSrc, start, "ExecStart", assign, args)
	inv.fromBinary(cw.text)
	inv.deployedFromEnv("ETCD_VERSION", plain["ETCD_VERSION"])
	wrapper := path.Base(cw.text) == "etcd-wrapper"
	if wrapper {
		// CoreOS's etcd-wrapper runs $ETCD_IMAGE, by default
		// $ETCD_IMAGE_URL:$ETCD_IMAGE_TAG (quay.io/coreos/etcd).
		if img := plain["ETCD_IMAGE"]; img != "" {
			ref := parseImage(strings.TrimPrefix(img, "docker://"))
			inv.setDeployed(ref.version, "ETCD_IMAGE="+img)
		} else if tag := plain["ETCD_IMAGE_TAG"]; tag != "" {
			inv.setDeployed(parseImage("quay.io/coreos/etcd:"+tag).version, "ETCD_IMAGE_TAG="+tag)
		}
	}
	for _, v := range env {
		// A variable expanded into the command line (ETCD_OPTS) and the
		// wrapper's own variables are not etcd settings.
		if v.setting == nil || used[v.name] || v.name == "ETCD_IMAGE_TAG" || wrapper && etcdWrapperOwn[v.name] {
			continue
		}
		inv.env = append(inv.env, v.setting)
	}
	return []*invocation{inv}
}

// unitVarRE matches $NAME and ${NAME} in an ExecStart= line.
var unitVarRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandUnitVars expands the variables of an ExecStart= line the way
// systemd does: a word that is exactly $NAME becomes the value split into
// words, ${NAME} is replaced inside its word. Unknown variables are left
// as written (etcd then sees them literally), except in a built-in
// ExecStart=, where systemd's expansion of an unset $NAME to no word is
// followed. The expanded words keep the offset of the word they came
// from; with atDefinition they point at the assignment instead.
func expandUnitVars(words []word, vars map[string]unitVar, atDefinition bool) ([]word, map[string]bool) {
	used := map[string]bool{}
	var out []word
	for _, w := range words {
		if m := unitVarRE.FindStringSubmatch(w.text); m != nil && m[0] == w.text && m[2] != "" {
			v, ok := vars[m[2]]
			switch {
			case ok:
				used[m[2]] = true
				inner, _ := splitWords([]byte(v.value), 0, len(v.value), modeLine)
				for _, iw := range inner {
					nw := word{text: iw.text, off: w.off, src: w.src}
					if atDefinition {
						nw.off, nw.src = v.off, v.src
					}
					out = append(out, nw)
				}
				continue
			case atDefinition:
				continue
			}
		}
		w.text = unitVarRE.ReplaceAllStringFunc(w.text, func(ref string) string {
			m := unitVarRE.FindStringSubmatch(ref)
			name := m[1] + m[2]
			if v, ok := vars[name]; ok {
				used[name] = true
				return v.value
			}
			return ref
		})
		out = append(out, w)
	}
	return out, used
}

// containerRunInvocation builds the invocation of etcd inside a docker,
// podman or rkt container. callerEnv holds the variables of the shell or
// unit running the engine: only those named by -e NAME reach etcd.
func (r *run) containerRunInvocation(src *source, start pos, cr containerRun, what string, callerEnv map[string]string) *invocation {
	what = fmt.Sprintf("%s (%s run %s)", what, path.Base(cr.tool.text), cr.image.raw)
	inv := &invocation{src: src, start: start, what: what, image: cr.image}
	if cr.hasCmd && isSubcommand(cr.args) {
		inv.sub, inv.subArgs = cr.args[0].text, cr.args[1:]
	} else {
		inv.flags, inv.positional = r.table.parseArgs(src, cr.args)
	}
	if !cr.hasCmd && path.Base(cr.tool.text) != "rkt" {
		inv.markReplacedCmd(src, cr.args) // docker run IMAGE --flag: replaces the CMD
	}
	if cr.hasCmd {
		inv.fromBinary(cr.cmd.text)
	}
	inv.setDeployed(cr.image.version, "image "+cr.image.raw)
	if cr.shell != nil {
		p := cr.shell.in(src).posOf(cr.shell.off)
		inv.shellAt = &p
	}
	for _, w := range cr.envFiles {
		ws := w.in(src)
		inv.env = append(inv.env, r.referencedEnv(ws, w.text, false, ws.posOf(w.off))...)
	}
	for _, w := range cr.env {
		name, value, ok := strings.Cut(w.text, "=")
		if !ok {
			// -e NAME passes the caller's value.
			value = callerEnv[name]
		}
		inv.deployedFromEnv(name, value)
		if strings.HasPrefix(name, "ETCD_") && !notEtcdEnv(name, cr.image.kind) {
			ws := w.in(src)
			inv.env = append(inv.env, r.table.envSetting(ws, name, value, ws.posOf(w.off)))
		}
	}
	return inv
}
