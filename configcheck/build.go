package configcheck

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// invocations builds the ways etcd is started that a detected source
// describes. Env and config files it references are loaded (and listed
// as inputs) on the way.
func (r *run) invocations(d detected) []*invocation {
	src := d.src
	switch src.kind {
	case KindConfigYAML:
		var root *yaml.Node
		if len(d.docs) > 0 {
			root = docRoot(d.docs[0])
		}
		if d.err != nil {
			line, msg := describeYAMLError(d.err)
			r.problem(src.name, line, msg)
			if root == nil {
				return nil
			}
		}
		if root != nil && root.Kind != yaml.MappingNode {
			r.problem(src.name, root.Line, "etcd configuration must be a YAML mapping")
			return nil
		}
		r.yamlShape(src, d.docs, root, d.elided)
		e := d.elided
		if e == nil {
			e = r.table.elideUnknown(root)
		}
		e.nested(root)
		yf := &yamlFile{src: src, root: root}
		if e != nil {
			yf.elided, yf.reencode = e.drop, e.flow
		}
		inv := &invocation{src: src, start: pos{1, 1}, what: "config file", yamlFile: yf}
		inv.yaml = r.table.configSettings(src, root)
		return []*invocation{inv}
	case KindEnvFile:
		inv := &invocation{src: src, start: pos{1, 1}, what: "env file"}
		inv.env = r.envSettings(src)
		return []*invocation{inv}
	case KindArgs:
		return r.argsInvocations(src)
	case KindProcfile:
		return r.procfileInvocations(src)
	case KindSystemdUnit:
		return r.unitInvocations(r.unitGroupOf(src))
	case KindKubernetes:
		if d.err != nil {
			line, msg := describeYAMLError(d.err)
			r.problem(src.name, line, msg)
		}
		return r.kubeInvocations(src, d.docs)
	case KindCompose:
		if d.err != nil {
			line, msg := describeYAMLError(d.err)
			r.problem(src.name, line, msg)
		}
		return r.composeInvocations(src, docRoot(d.docs[0]))
	}
	return nil
}

// envSettings lists an env file's ETCD_* variables.
func (r *run) envSettings(src *source) []*setting {
	vars, bad := parseEnvFile(src)
	for _, n := range bad {
		r.problem(src.name, n, "not a NAME=VALUE line")
	}
	var out []*setting
	for _, v := range vars {
		if !strings.HasPrefix(v.name, "ETCD_") {
			continue
		}
		out = append(out, r.table.envSetting(src, v.name, v.value, src.posOf(v.nameOff)))
	}
	return out
}

// command builds an invocation from the words of a command line: NAME=V
// words before etcd become variables, the words after it flags.
func (r *run) command(src *source, start pos, what string, assign []word, args []word) *invocation {
	inv := &invocation{src: src, start: start, what: what}
	if isSubcommand(args) {
		// etcd grpc-proxy or gateway: not the server, no ETCD_* variables.
		inv.sub, inv.subArgs = args[0].text, args[1:]
		return inv
	}
	for _, a := range assign {
		name, value, _ := strings.Cut(a.text, "=")
		inv.deployedFromEnv(name, value)
		if strings.HasPrefix(name, "ETCD_") && !notEtcdEnv(name, imageOther) {
			inv.env = append(inv.env, r.table.envSetting(src, name, value, src.posOf(a.off)))
		}
	}
	inv.flags, inv.positional = r.table.parseArgs(src, args)
	return inv
}

func (r *run) argsInvocations(src *source) []*invocation {
	if off := openQuote(src.data); off >= 0 {
		r.problem(src.name, src.posOf(off).line, fmt.Sprintf("unterminated %c quote: a shell stops with a syntax error and etcd is not started; the rest of the file is read as one word", src.data[off]))
	}
	words, _ := splitWords(src.data, 0, len(src.data), modeShell)
	if out := r.shellInvocations(src, words, "command line"); len(out) > 0 {
		return out
	}
	// A bare list of flags (an args file).
	var flags []word
	for _, w := range words {
		if !w.sep {
			flags = append(flags, w)
		}
	}
	if len(flags) == 0 {
		return nil
	}
	return []*invocation{r.command(src, src.posOf(flags[0].off), "args file", nil, flags)}
}

// procfileRE is a Procfile line: a process name, a colon, the command.
var procfileRE = regexp.MustCompile(`^([A-Za-z0-9_.-]+):[ \t]*`)

// procfileInvocations reads a Procfile: each "name: command" line runs
// its command through a shell (as foreman and goreman do); the etcd
// invocations of each are checked, named by their process. Comment
// lines (commented-out processes included) are not run.
func (r *run) procfileInvocations(src *source) []*invocation {
	var out []*invocation
	for n, off := 1, 0; off < len(src.data); n++ {
		end := bytes.IndexByte(src.data[off:], '\n')
		if end < 0 {
			end = len(src.data)
		} else {
			end += off
		}
		line := src.data[off:end]
		if m := procfileRE.FindSubmatchIndex(line); m != nil {
			a, b := off+m[1], end
			if b > a && src.data[b-1] == '\r' {
				b--
			}
			if q := openQuote(src.data[a:b]); q >= 0 {
				r.problem(src.name, n, fmt.Sprintf("unterminated %c quote in process %s: the shell stops with a syntax error and the process does not start", src.data[a+q], line[m[2]:m[3]]))
			} else {
				words, _ := splitWords(src.data, a, b, modeShell)
				out = append(out, r.shellInvocations(src, words, "process "+string(line[m[2]:m[3]]))...)
			}
		}
		off = end + 1
	}
	return out
}

// shellInvocations returns the etcd invocations of a shell command
// line's words: etcd run directly (after assignments, exec, env ...) or
// through a container engine.
func (r *run) shellInvocations(src *source, words []word, what string) []*invocation {
	var out []*invocation
	for _, cr := range containerRuns(words) {
		// The container gets only what its -e options pass; variables
		// assigned before the engine command are the shell's.
		env := map[string]string{}
		for _, w := range words {
			if w.off >= cr.tool.off {
				break
			}
			if name, value, ok := strings.Cut(w.text, "="); ok && isVarName(name) {
				env[name] = value
			}
		}
		if inv := r.containerRunInvocation(src, src.posOf(cr.tool.off), cr, what, env); inv != nil {
			out = append(out, inv)
		}
	}
	rest := words
	for {
		assign, cmd, args, ok := commandWords(rest)
		if !ok {
			break
		}
		inv := r.command(src, src.posOf(cmd.off), what, assign, args)
		inv.fromBinary(cmd.text)
		out = append(out, inv)
		// Continue after this command.
		idx := 0
		for i, w := range rest {
			if w.off == cmd.off {
				idx = i + 1 + len(args)
			}
		}
		rest = rest[idx:]
	}
	return out
}

// referencedEnv loads an env file named by a unit or compose file.
func (r *run) referencedEnv(from *source, p string, optional bool, at pos) []*setting {
	src, err := r.loadReferenced(from, p, KindEnvFile)
	if src == nil {
		if err != nil && (!optional || !errors.Is(err, ErrNotFound)) {
			r.problem(from.name, at.line, referencedError(err))
		}
		return nil
	}
	return r.envSettings(src)
}

// loadReferenced reads a file another input refers to, once, and lists
// it as an input of the given kind. Only files inside the tree are read
// (see ReferencedPath); the error says why nothing was read.
func (r *run) loadReferenced(from *source, name, kind string) (*source, error) {
	path, err := r.referencedPath(from, name, kind)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if s, ok := r.byAbs[abs]; ok {
		r.consumed[abs] = true
		if s.kind == "" {
			s.kind = kind
		}
		r.addInput(s)
		return s, nil
	}
	src := r.load(candidate{name: path, path: path, explicit: true})
	if src == nil {
		return nil, nil
	}
	src.kind = kind
	r.byAbs[abs] = src
	r.consumed[abs] = true
	r.addInput(src)
	return src, nil
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func (r *run) kubeInvocations(src *source, docs []*yaml.Node) []*invocation {
	var out []*invocation
	for _, doc := range docs {
		root := docRoot(doc)
		if !isKubernetes(root) {
			continue
		}
		for _, spec := range podSpecs(root, 0) {
			// Init containers run before etcd and exit: they are not etcd.
			for _, field := range []string{"containers"} {
				_, list := mapGet(spec, field)
				if list == nil || list.Kind != yaml.SequenceNode {
					continue
				}
				for _, c := range list.Content {
					if inv := r.containerInvocation(src, deref(c), namespace(root)); inv != nil {
						out = append(out, inv)
					}
				}
			}
		}
	}
	setLineRanges(src, out)
	return out
}

// containerInvocation reads an etcd container's command, args, env and
// image. A container with no etcd command runs its image's entrypoint:
// for etcd's own images and Bitnami's that is etcd configured from the
// environment. ns is the namespace the pod runs in.
func (r *run) containerInvocation(src *source, c *yaml.Node, ns string) *invocation {
	if c == nil || c.Kind != yaml.MappingNode {
		return nil
	}
	_, name := mapGet(c, "name")
	_, image := mapGet(c, "image")
	img := parseImage(scalarText(image))
	if image != nil {
		img.at = &pos{image.Line, image.Column}
	}
	cmdKey, cmd := mapGet(c, "command")
	argsKey, args := mapGet(c, "args")
	words := append(listWords(src, cmd), listWords(src, args)...)
	assign, cw, flags, ok := etcdWords(src, words, cmd)
	if !ok {
		assign, cw, flags, ok = etcdWords(src, listWords(src, args), args)
	}
	if !ok {
		switch {
		case cmd == nil && img.kind != imageOther && (len(words) == 0 || strings.HasPrefix(words[0].text, "-")):
			// The image's entrypoint runs etcd with these flags (if any).
			flags = words
		case img.kind == imageOther && strings.Contains(img.repo, "etcd") && len(words) > 0 && strings.HasPrefix(words[0].text, "-"):
			// An etcd image run with flags only.
			flags = words
		default:
			return nil
		}
	}
	start := pos{c.Line, c.Column}
	switch {
	case cmdKey != nil:
		start = pos{cmdKey.Line, cmdKey.Column}
	case argsKey != nil:
		start = pos{argsKey.Line, argsKey.Column}
	}
	inv := r.command(src, start, "container "+scalarText(name), assign, flags)
	inv.image = img
	inv.lines[0] = c.Line
	if !ok && cmd == nil {
		inv.markReplacedCmd(src, words) // args: with no command: replace the CMD
	}
	if len(words) > 0 && isShell(words[0].text) {
		p := src.posOf(words[0].off)
		inv.shellAt = &p
	}
	for _, probe := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
		_, pr := mapGet(c, probe)
		_, ex := mapGet(pr, "exec")
		_, pc := mapGet(ex, "command")
		if pw := listWords(src, pc); len(pw) > 0 && isShell(pw[0].text) && inv.probeShellAt == nil {
			p := src.posOf(pw[0].off)
			inv.probeShellAt = &p
		}
	}
	inv.fromBinary(cw.text)
	inv.setDeployed(img.version, "image "+img.raw)
	_, env := mapGet(c, "env")
	if env != nil && env.Kind == yaml.SequenceNode {
		for _, e := range env.Content {
			nk, n := mapGet(e, "name")
			if n == nil || !strings.HasPrefix(n.Value, "ETCD_") {
				continue
			}
			_, v := mapGet(e, "value")
			if _, vf := mapGet(e, "valueFrom"); v == nil && vf != nil {
				// valueFrom: a ConfigMap key among the inputs, or a value
				// held in the cluster.
				s, ok := r.valueFrom(src, vf, ns, scalarText(name), n.Value, pos{nk.Line, nk.Column})
				if !ok {
					continue
				}
				inv.deployedFromEnv(n.Value, s.value)
				if !notEtcdEnv(n.Value, img.kind) {
					inv.env = append(inv.env, s)
				}
				continue
			}
			inv.deployedFromEnv(n.Value, scalarText(v))
			if notEtcdEnv(n.Value, img.kind) {
				continue
			}
			inv.env = append(inv.env, r.table.envSetting(src, n.Value, scalarText(v), pos{nk.Line, nk.Column}))
		}
	}
	r.envFrom(src, c, ns, scalarText(name), img, inv)
	return inv
}

// fromBinary takes the deployed version from a versioned binary path.
func (inv *invocation) fromBinary(p string) {
	if ver, ok := versionFromBinary(p); ok {
		inv.setDeployed(ver, "binary "+p)
	}
}

func (r *run) composeInvocations(src *source, root *yaml.Node) []*invocation {
	_, services := mapGet(root, "services")
	var out []*invocation
	for i := 0; i+1 < len(services.Content); i += 2 {
		svcKey, svc := services.Content[i], deref(services.Content[i+1])
		if svc == nil || svc.Kind != yaml.MappingNode {
			continue
		}
		_, image := mapGet(svc, "image")
		img := parseImage(scalarText(image))
		if image != nil {
			img.at = &pos{image.Line, image.Column}
		}
		epKey, ep := mapGet(svc, "entrypoint")
		cmdKey, cmd := mapGet(svc, "command")
		words := append(listWords(src, ep), listWords(src, cmd)...)
		assign, cw, flags, ok := commandWords(words)
		if !ok {
			switch {
			case ep == nil && img.kind != imageOther && (len(words) == 0 || strings.HasPrefix(words[0].text, "-")):
				// The image's entrypoint runs etcd from the environment.
				flags = words
			case img.kind == imageOther && strings.Contains(img.repo, "etcd") && len(words) > 0 && strings.HasPrefix(words[0].text, "-"):
				flags = words
			default:
				continue
			}
		}
		start := pos{svcKey.Line, svcKey.Column}
		if cmdKey != nil {
			start = pos{cmdKey.Line, cmdKey.Column}
		} else if epKey != nil {
			start = pos{epKey.Line, epKey.Column}
		}
		inv := r.command(src, start, "service "+svcKey.Value, assign, flags)
		inv.image = img
		inv.lines[0] = svcKey.Line
		if !ok && ep == nil {
			inv.markReplacedCmd(src, words) // command: replaces the CMD
		}
		if len(words) > 0 && isShell(words[0].text) {
			p := src.posOf(words[0].off)
			inv.shellAt = &p
		}
		inv.fromBinary(cw.text)
		inv.setDeployed(img.version, "image "+img.raw)
		_, envFiles := mapGet(svc, "env_file")
		for _, w := range listWords(src, envFiles) {
			inv.env = append(inv.env, r.referencedEnv(src, w.text, false, src.posOf(w.off))...)
		}
		_, env := mapGet(svc, "environment")
		switch {
		case env == nil:
		case env.Kind == yaml.MappingNode:
			for j := 0; j+1 < len(env.Content); j += 2 {
				k := env.Content[j]
				inv.deployedFromEnv(k.Value, scalarText(env.Content[j+1]))
				if strings.HasPrefix(k.Value, "ETCD_") && !notEtcdEnv(k.Value, img.kind) {
					inv.env = append(inv.env, r.table.envSetting(src, k.Value, scalarText(env.Content[j+1]), pos{k.Line, k.Column}))
				}
			}
		case env.Kind == yaml.SequenceNode:
			for _, it := range env.Content {
				it = deref(it)
				if it == nil || it.Kind != yaml.ScalarNode {
					continue
				}
				name, value, _ := strings.Cut(it.Value, "=")
				inv.deployedFromEnv(name, value)
				if strings.HasPrefix(name, "ETCD_") && !notEtcdEnv(name, img.kind) {
					inv.env = append(inv.env, r.table.envSetting(src, name, value, pos{it.Line, it.Column}))
				}
			}
		}
		out = append(out, inv)
	}
	setLineRanges(src, out)
	return out
}

// setLineRanges ends the line range of each container or service of a
// file where the next one starts (the last one at the end of the file),
// so that each holds the comments a fix left in its lists.
func setLineRanges(src *source, invs []*invocation) {
	for _, inv := range invs {
		inv.lines[1] = len(src.lines)
		for _, o := range invs {
			if o.lines[0] > inv.lines[0] && o.lines[0]-1 < inv.lines[1] {
				inv.lines[1] = o.lines[0] - 1
			}
		}
	}
}
