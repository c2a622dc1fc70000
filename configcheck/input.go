package configcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/internal/safeio"
)

// MaxFileSize is the largest input file etcdlint reads; etcd
// configuration files are a few kilobytes.
const MaxFileSize = 4 << 20

// maxFiles bounds how many files a directory walk reads.
const maxFiles = 100000

// maxTotal bounds the bytes of all inputs held at once.
const maxTotal = 256 << 20

// The input kinds reported in Report.Inputs.
const (
	KindConfigYAML  = "config-yaml"
	KindArgs        = "args"
	KindSystemdUnit = "systemd-unit"
	KindEnvFile     = "env-file"
	KindKubernetes  = "kubernetes"
	KindCompose     = "compose"
	// KindProcfile is a Procfile (foreman, goreman, honcho): one
	// "name: command" process a line, as etcd's own repository ships.
	KindProcfile = "procfile"
)

// candidate is a file found on the command line or by a walk.
type candidate struct {
	name     string
	path     string
	explicit bool // named by the user (not found by a walk)
}

// collect expands the paths: files as given, directories walked
// (skipping hidden directories), "-" for stdin.
func (r *run) collect(ctx context.Context) []candidate {
	var out []candidate
	for _, p := range r.opts.Paths {
		if p == "-" {
			out = append(out, candidate{name: "-", explicit: true})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			r.problem(p, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				r.problem(p, 0, "not a regular file")
				continue
			}
			out = append(out, candidate{name: p, path: p, explicit: true})
			out = append(out, r.dropInsBeside(p)...)
			continue
		}
		root := p
		if li, lerr := os.Lstat(p); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			// An explicit symlink to a directory is walked: a trailing
			// separator makes the walk start at its target.
			root = p + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if err != nil {
				r.problem(path, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(err)))
				return nil
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// A link is read when it stays inside the tree (the
				// Kubernetes ConfigMap layout: etcd.yaml -> ..data/etcd.yaml).
				info, serr := os.Stat(path)
				switch {
				case serr != nil:
					r.problem(path, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(serr)))
					return nil
				case !r.tree.Contains(path):
					if configLikeName(path) {
						r.problem(path, 0, "symbolic link leading outside the checked tree: not read")
					}
					return nil
				case !info.Mode().IsRegular():
					return nil
				}
			} else if !d.Type().IsRegular() {
				if configLikeName(path) {
					r.problem(path, 0, (&safeio.NotRegularError{Path: path, Mode: d.Type()}).Error())
				}
				return nil
			}
			if len(out) >= maxFiles {
				return nil
			}
			out = append(out, candidate{name: path, path: path})
			return nil
		})
		if err != nil {
			r.problem(p, 0, fmt.Sprintf("walking directory: %v", err))
		}
	}
	return out
}

// dropInsBeside lists the drop-ins systemd reads for a unit file given
// on the command line: NAME.service.d/*.conf in the unit's directory.
func (r *run) dropInsBeside(unit string) []candidate {
	if filepath.Ext(unit) != ".service" {
		return nil
	}
	dir := unit + ".d"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []candidate
	for _, e := range entries {
		m := filepath.Join(dir, e.Name())
		if filepath.Ext(m) != ".conf" {
			continue
		}
		if info, err := os.Stat(m); err == nil && info.Mode().IsRegular() && r.tree.Contains(m) {
			out = append(out, candidate{name: m, path: m, explicit: true})
		}
	}
	return out
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readCapped reads at most MaxFileSize bytes; a larger input is an error.
func readCapped(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d MiB: not an etcd configuration", MaxFileSize>>20)
	}
	return data, nil
}

// load reads a candidate. It returns nil when the file cannot be used;
// explicit inputs then get a Problem, walked files are skipped quietly
// when they are plainly not configuration (binary data, unknown kind).
func (r *run) load(c candidate) *source {
	var data []byte
	var err error
	if c.path == "" {
		if r.opts.Stdin == nil {
			r.problem(c.name, 0, "no standard input")
			return nil
		}
		data, err = readCapped(r.opts.Stdin)
	} else {
		var f *os.File
		f, err = safeio.Open(c.path)
		if err == nil {
			data, err = readCapped(f)
			f.Close()
		}
	}
	if err != nil {
		if c.explicit || configLikeName(c.name) {
			r.problem(c.name, 0, fmt.Sprintf("cannot read: %v", unwrapPathError(err)))
		}
		return nil
	}
	if line, bad := binaryContent(data); bad != "" {
		if c.explicit || configLikeName(c.name) {
			r.problem(c.name, line, bad)
		}
		return nil
	}
	if r.total += len(data); r.total > maxTotal {
		r.problem(c.name, 0, fmt.Sprintf("not checked: the inputs exceed %d MiB in total", maxTotal>>20))
		return nil
	}
	src := newSource(c.name, c.path, data)
	return src
}

// configLikeName reports whether a walked file's name suggests it is
// meant as etcd configuration (so failures to read it are reported).
func configLikeName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yml", ".yaml", ".service", ".env", ".conf":
		return true
	}
	return strings.Contains(strings.ToLower(filepath.Base(name)), "etcd")
}

// argsLikeName reports whether a file found by a directory walk may hold
// an etcd command line: a script, an args or text file, or a file without
// an extension. Source code and module files never do.
func argsLikeName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case "", ".sh", ".bash", ".args", ".txt", ".conf", ".cmd", ".cfg":
		return true
	}
	return false
}

// isProcfileName reports whether a file is named as process managers
// name Procfiles: Procfile, or Procfile.<variant> (Procfile.learner).
func isProcfileName(name string) bool {
	base := filepath.Base(name)
	return base == "Procfile" || strings.HasPrefix(base, "Procfile.") && len(base) > len("Procfile.")
}

// binaryContent reports NUL bytes or invalid UTF-8, with the line.
func binaryContent(data []byte) (int, string) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return 1 + bytes.Count(data[:i], []byte{'\n'}), "binary data (NUL byte): not an etcd configuration"
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return 1 + bytes.Count(data[:i], []byte{'\n'}), "invalid UTF-8: not an etcd configuration"
	}
	return 0, ""
}

// detected is a loaded source with its kind and parsed YAML documents.
type detected struct {
	src  *source
	docs []*yaml.Node
	err  error // a parse error for a file whose kind is known
	// elided, when set, holds the top-level entries the parse took out
	// of docs[0] (parseYAMLBounded).
	elided *elider
	// explicit is set for a file named by the user (not found by a walk).
	explicit bool
}

// detect decides a source's kind by content (the extension only breaks
// ties). kind "" means not etcd configuration. Files found by a directory
// walk must look like etcd configuration (an etcd key, an etcd command or
// an etcd name), so unrelated YAML or scripts are not checked.
func (r *run) detect(src *source, explicit bool) detected {
	ext := strings.ToLower(filepath.Ext(src.name))
	d := detected{src: src}
	if _, dropIn := dropInUnit(src.name); dropIn || ext == ".service" || looksLikeUnit(src) {
		src.kind = KindSystemdUnit
		return d
	}
	if isProcfileName(src.name) {
		src.kind = KindProcfile
		return d
	}
	named := explicit || strings.Contains(strings.ToLower(filepath.Base(src.name)), "etcd")
	yamlExt := (ext == ".yml" || ext == ".yaml" || ext == ".json") && named
	docs, elided, err := r.table.parseYAMLBounded(src.data)
	if err == nil || yamlExt {
		d.docs, d.elided = docs, elided
		for _, doc := range docs {
			if isKubernetes(docRoot(doc)) {
				src.kind, d.err = KindKubernetes, err
				return d
			}
		}
		var root *yaml.Node
		if len(docs) > 0 {
			root = docRoot(docs[0])
		}
		switch {
		case isCompose(root):
			src.kind, d.err = KindCompose, err
			return d
		case root != nil && root.Kind == yaml.MappingNode && (yamlExt || r.hasEtcdKey(root)):
			src.kind, d.err = KindConfigYAML, err
			return d
		case yamlExt && err != nil:
			src.kind, d.err = KindConfigYAML, err
			return d
		case yamlExt && root == nil:
			src.kind = KindConfigYAML
			return d
		}
	}
	if looksLikeEnvFile(src, ext == ".env") {
		src.kind = KindEnvFile
		return d
	}
	if !explicit && !argsLikeName(src.name) {
		// A walked source file or module file that happens to mention
		// an etcd command line is not a command line.
		return d
	}
	words, _ := splitWords(src.data, 0, len(src.data), modeShell)
	if _, _, _, ok := commandWords(words); ok || len(containerRuns(words)) > 0 {
		src.kind = KindArgs
		return d
	}
	for _, w := range words {
		if w.sep {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(w.text, "-"), "=")
		if strings.HasPrefix(w.text, "--") && len(w.text) > 2 && (named || r.table.byName[name] != nil) {
			src.kind = KindArgs
		}
		break
	}
	return d
}

// hasEtcdKey reports whether a mapping has a key some etcd version reads.
func (r *run) hasEtcdKey(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := strings.ToLower(m.Content[i].Value)
		if r.table.byYAML[k] != nil || k == "client-transport-security" || k == "peer-transport-security" {
			return true
		}
	}
	return false
}
