package configcheck

import (
	"sort"

	"github.com/etcdlint/etcdlint/rules"
	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// surface is where a setting is written.
type surface int

const (
	surfFlag surface = iota + 1 // a command-line flag
	surfEnv                     // an ETCD_* environment variable
	surfYAML                    // a key of the --config-file YAML
)

// pos is a 1-based line and column.
type pos struct{ line, col int }

// source is one input file.
type source struct {
	name  string // as reported in findings
	path  string // on disk ("" for stdin)
	kind  string
	data  []byte
	lines []int // byte offset of each line start

	// edits are the --fix edits proposed for this file, as whole lines;
	// spans are byte-range edits (command-line tokens, manifest entries).
	edits []edit
	spans []span
	// nodes indexes the file's YAML nodes by position, built on first use
	// by a fix.
	nodes *nodeIndex
}

func newSource(name, path string, data []byte) *source {
	s := &source{name: name, path: path, data: data, lines: []int{0}}
	for i, b := range data {
		// A bare \r (not before \n) ends a line too, as it does for the
		// YAML decoder, so positions from the node tree stay inside the
		// file.
		if b == '\n' || b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// posOf converts a byte offset to a line and column.
func (s *source) posOf(off int) pos {
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return pos{line: i + 1, col: off - s.lines[i] + 1}
}

// offset converts a line and column to a byte offset (clamped to the data).
func (s *source) offset(p pos) int {
	if p.line < 1 {
		return 0
	}
	if p.line > len(s.lines) {
		return len(s.data)
	}
	return min(s.lines[p.line-1]+max(p.col, 1)-1, len(s.data))
}

// line returns the text of line n (1-based) without its newline.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	start := s.lines[n-1]
	end := len(s.data)
	if n < len(s.lines) {
		end = s.lines[n] - 1
	}
	if end < start {
		return ""
	}
	line := string(s.data[start:end])
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line
}

// lineEnd returns the offset just past line n's newline (or the end).
func (s *source) lineEnd(n int) int {
	if n >= len(s.lines) {
		return len(s.data)
	}
	return s.lines[n]
}

// A setting is one flag, ETCD_* variable or YAML key as written.
type setting struct {
	surf surface
	// name is the flag name without dashes, the variable name, or the
	// YAML key path as written ("client-transport-security.ca-file").
	name  string
	value string
	// bare is true for a flag written without a value (--pre-vote).
	bare bool
	// valOff is the byte offset in src of a flag's value written as a
	// separate word (--name value); 0 when the value is not one.
	valOff int
	src    *source
	at     pos
	flag   *rules.Flag // the catalog row; nil when no version knows it
	known  bool        // the name exists in some etcd version

	// ref names where a Kubernetes env entry's value comes from when
	// valueFrom gives it ("ConfigMap etcd-env key log-level", "Secret
	// etcd-auth key token"); refVal is the ConfigMap value read, in
	// refSrc (nil when the value is not known here).
	ref    string
	refSrc *source
	refVal *yaml.Node

	// YAML only.
	key, val *yaml.Node
	parent   *yaml.Node // the mapping holding the key
}

// display names the setting as the user wrote it, with where its value
// comes from when valueFrom gives it.
func (s *setting) display() string {
	if s.ref != "" {
		return s.written() + " (from " + s.ref + ")"
	}
	return s.written()
}

// written names the setting as the user wrote it.
func (s *setting) written() string {
	switch s.surf {
	case surfFlag:
		return "--" + s.name
	case surfYAML:
		return "config key " + s.name
	}
	return s.name
}

// unknownValue reports whether the value is held outside the inputs (a
// valueFrom source not read): only the name can be checked.
func (s *setting) unknownValue() bool {
	return s.ref != "" && s.refVal == nil
}

// An invocation is one way etcd is started: a command line with its
// environment, or a configuration or env file on its own.
type invocation struct {
	src   *source
	start pos    // the line that starts etcd (line 1 of a bare file)
	what  string // "ExecStart", "container etcd", "config file" ...

	flags      []*setting
	env        []*setting
	yaml       []*setting
	positional []*setting // arguments that are not flags

	// yamlFile is set when the invocation is a config file.
	yamlFile *yamlFile

	// image is the container image that runs etcd, when known.
	image imageRef
	// deployed is the version the deployment itself names (image tag,
	// versioned binary path, ETCD_VERSION), and deployedFrom where.
	deployed     rules.Version
	deployedFrom string
	// shellAt is where the container command runs a shell, probeShellAt
	// where an exec probe does (nil when neither does).
	shellAt, probeShellAt *pos

	// sub is set for etcd grpc-proxy and etcd gateway ("grpc-proxy",
	// "gateway"): subArgs are the words after it, checked against the
	// subcommand's own flag set instead of the server's.
	sub     string
	subArgs []word

	// cmdReplaced is where flags are given as the container's command on
	// an image that runs etcd as its CMD (they replace it), and cmdWord
	// that first flag.
	cmdReplaced *pos
	cmdWord     string

	// lines are the first and last line of a container or compose
	// service in its file (zero for other invocations): where a fix's
	// "removed" comments for this invocation are.
	lines [2]int
}

// settings returns every setting of the invocation.
func (inv *invocation) settings() []*setting {
	out := make([]*setting, 0, len(inv.flags)+len(inv.env)+len(inv.yaml))
	out = append(out, inv.flags...)
	out = append(out, inv.env...)
	return append(out, inv.yaml...)
}
