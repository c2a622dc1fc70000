package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// selfEnv makes the test binary run etcdlint's main instead of the tests,
// so the examples run the very code the test was built from (and the test
// cache is invalidated by any change to it).
const selfEnv = "ETCDLINT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(selfEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// etcdlintBinary returns the path of an executable that runs etcdlint:
// the test binary itself, with selfEnv set by the caller's environment.
func etcdlintBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

var update = flag.Bool("update", false, "rewrite the outputs of the README's console examples")

// A consoleBlock is one ```console block of the README: commands after
// "$ " and the output each is documented to print.
type consoleBlock struct {
	start, end int // line indexes of the opening and closing fences
	// skip is the reason given in a preceding
	// <!-- readme-test: skip REASON --> comment, if any.
	skip  string
	steps []consoleStep
}

type consoleStep struct {
	command string
	output  []string
}

var skipComment = regexp.MustCompile(`^<!--\s*readme-test:\s*skip\s+(.+?)\s*-->$`)

// parseConsoleBlocks finds every ```console block of a Markdown file.
func parseConsoleBlocks(lines []string) ([]consoleBlock, error) {
	var blocks []consoleBlock
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```console" {
			continue
		}
		b := consoleBlock{start: i}
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			if m := skipComment.FindStringSubmatch(strings.TrimSpace(lines[j])); m != nil {
				b.skip = m[1]
				break
			}
			if strings.TrimSpace(lines[j]) != "" && !strings.HasPrefix(strings.TrimSpace(lines[j]), "<!--") {
				break
			}
		}
		j := i + 1
		for ; j < len(lines) && strings.TrimSpace(lines[j]) != "```"; j++ {
			if cmd, ok := strings.CutPrefix(lines[j], "$ "); ok {
				b.steps = append(b.steps, consoleStep{command: cmd})
				continue
			}
			if len(b.steps) == 0 {
				return nil, fmt.Errorf("README.md:%d: console block output before any $ command", j+1)
			}
			s := &b.steps[len(b.steps)-1]
			s.output = append(s.output, lines[j])
		}
		if j == len(lines) {
			return nil, fmt.Errorf("README.md:%d: console block not closed", i+1)
		}
		b.end = j
		blocks = append(blocks, b)
		i = j
	}
	return blocks, nil
}

// splitWords splits a command line on spaces, honouring single and
// double quotes; it rejects the shell syntax the test does not run.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune("|><;`*", r):
			return nil, fmt.Errorf("shell syntax %q is not supported", r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unclosed quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// shell runs the commands of one block from the repository root:
// etcdlint invocations (optionally after VAR=value assignments), cd, echo
// $?, cat, go build, and cp -r into /tmp, which stands for a scratch
// directory of the test (reported back as /tmp).
type shell struct {
	bin, root, dir string
	tmp            string // what /tmp stands for
	lastCode       int
}

// path resolves a path of a command line: /tmp/... is the scratch
// directory, a relative path is taken from the current directory.
func (s *shell) path(p string) string {
	if rest, ok := strings.CutPrefix(p, "/tmp/"); ok {
		return filepath.Join(s.tmp, rest)
	}
	if !filepath.IsAbs(p) {
		return filepath.Join(s.dir, p)
	}
	return p
}

// inside reports whether p is in the repository or the scratch directory.
func (s *shell) inside(p string) bool {
	for _, top := range []string{s.root, s.tmp} {
		if rel, err := filepath.Rel(top, p); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return true
		}
	}
	return false
}

func (s *shell) run(line string) ([]string, error) {
	if i := strings.Index(line, "  #"); i >= 0 {
		line = strings.TrimSpace(line[:i]) // a comment for the reader
	}
	var out []string
	for _, part := range strings.Split(line, " && ") {
		words, err := splitWords(part)
		if err != nil {
			return nil, err
		}
		var env []string
		for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
			env, words = append(env, words[0]), words[1:]
		}
		if len(words) == 0 {
			return nil, errors.New("empty command")
		}
		var cmd *exec.Cmd
		switch {
		case words[0] == "cd" && len(words) == 2:
			d := s.path(words[1])
			if !s.inside(d) {
				return nil, fmt.Errorf("cd %s leaves the repository and /tmp", words[1])
			}
			s.dir = d
			continue
		case words[0] == "echo" && len(words) == 2 && words[1] == "$?":
			out = append(out, fmt.Sprint(s.lastCode))
			continue
		case words[0] == "cp" && len(words) == 4 && words[1] == "-r" && strings.HasPrefix(words[3], "/tmp/"):
			if err := os.CopyFS(s.path(words[3]), os.DirFS(s.path(words[2]))); err != nil {
				return nil, err
			}
			continue
		case words[0] == "cat" && len(words) == 2 && s.inside(s.path(words[1])):
			b, err := os.ReadFile(s.path(words[1]))
			if err != nil {
				return nil, err
			}
			out = append(out, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")...)
			continue
		case words[0] == "go" && len(words) >= 2 && words[1] == "build":
			cmd = exec.Command("go", append([]string{"build", "-o", os.DevNull}, words[2:]...)...)
		case words[0] == "etcdlint":
			cmd = exec.Command(s.bin, words[1:]...)
		default:
			return nil, fmt.Errorf("%q is not an etcdlint invocation, cd, echo $?, cat, go build or cp -r into /tmp: mark the block <!-- readme-test: skip REASON -->", words[0])
		}
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), selfEnv+"=1", "NO_COLOR=1", "ETCDCTL_ENDPOINTS=", "ETCDLINT_PASSWORD=")
		cmd.Env = append(cmd.Env, env...)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		err = cmd.Run()
		s.lastCode = 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			s.lastCode = ee.ExitCode()
		} else if err != nil {
			return nil, err
		}
		text := strings.TrimSuffix(buf.String(), "\n")
		if text != "" {
			out = append(out, strings.Split(text, "\n")...)
		}
	}
	return out, nil
}

// elision is a documented output line that stands for any number of
// lines, to keep long outputs short in the README.
const elision = "…"

// matchOutput reports whether got is the documented output want, where a
// line of want that is just "…" matches any run of lines.
func matchOutput(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == elision {
		for i := 0; i <= len(got); i++ {
			if matchOutput(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && want[0] == got[0] && matchOutput(want[1:], got[1:])
}

// normalise replaces what truly varies between runs: the repository's
// absolute path and the free disk space.
func normalise(root string, lines []string) []string {
	free := regexp.MustCompile(`free_disk_bytes=\d+`)
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.ReplaceAll(l, root, "$ROOT")
		out[i] = free.ReplaceAllString(l, "free_disk_bytes=N")
	}
	return out
}

// TestREADMEExamples runs every console block of README.md whose commands
// are etcdlint invocations (with cd and echo $?) against the built binary
// and compares the output. A block that needs what the test cannot start
// (a live cluster, another tool) says so in a
// <!-- readme-test: skip REASON --> comment; those are counted and listed.
// go test ./cmd/etcdlint -run README -update rewrites the outputs.
func TestREADMEExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcdlint and runs the README examples")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join(root, "README.md")
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	blocks, err := parseConsoleBlocks(lines)
	if err != nil {
		t.Fatal(err)
	}
	bin := etcdlintBinary(t)

	var skipped []string
	ran := 0
	replace := map[int][]string{} // block start -> new body
	for _, b := range blocks {
		where := fmt.Sprintf("README.md:%d", b.start+1)
		if b.skip != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s): %s", where, b.steps[0].command, b.skip))
			continue
		}
		ran++
		s := &shell{bin: bin, root: root, dir: root, tmp: t.TempDir()}
		var body []string
		for _, st := range b.steps {
			got, err := s.run(st.command)
			if err != nil {
				t.Errorf("%s: $ %s: %v", where, st.command, err)
				break
			}
			got = normalise(root, got)
			for i, l := range got {
				got[i] = strings.ReplaceAll(l, s.tmp, "/tmp")
			}
			body = append(body, "$ "+st.command)
			if matchOutput(st.output, got) {
				body = append(body, st.output...) // keeps its elisions
				continue
			}
			body = append(body, got...)
			if !*update {
				t.Errorf("%s: $ %s: output differs (go test ./cmd/etcdlint -run README -update rewrites it)\ngot:\n%s\nwant:\n%s",
					where, st.command, strings.Join(got, "\n"), strings.Join(st.output, "\n"))
			}
		}
		replace[b.start] = body
	}
	t.Logf("README: %d console blocks, %d run, %d skipped", len(blocks), ran, len(skipped))
	for _, s := range skipped {
		t.Logf("skipped %s", s)
	}
	if ran == 0 {
		t.Error("no README console block was run")
	}
	if *update {
		var out []string
		for i := 0; i < len(lines); i++ {
			body, ok := replace[i]
			if !ok {
				out = append(out, lines[i])
				continue
			}
			out = append(out, lines[i])
			out = append(out, body...)
			for i++; strings.TrimSpace(lines[i]) != "```"; i++ {
			}
			out = append(out, lines[i])
		}
		if err := os.WriteFile(readme, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseConsoleBlocks(t *testing.T) {
	md := strings.Split("text\n<!-- readme-test: skip needs a cluster -->\n```console\n$ etcdlint probe\nout\n```\n\n```console\n$ cd x && etcdlint code\na\nb\n$ echo $?\n1\n```\n", "\n")
	blocks, err := parseConsoleBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || blocks[0].skip != "needs a cluster" || blocks[1].skip != "" {
		t.Fatalf("blocks %+v", blocks)
	}
	if st := blocks[1].steps; len(st) != 2 || st[0].command != "cd x && etcdlint code" || strings.Join(st[0].output, ",") != "a,b" || st[1].output[0] != "1" {
		t.Errorf("steps %+v", st)
	}
	if _, err := parseConsoleBlocks([]string{"```console", "orphan", "```"}); err == nil {
		t.Error("output before a command is accepted")
	}
	if _, err := splitWords("etcdlint code | head"); err == nil {
		t.Error("a pipe is accepted")
	}
	if !matchOutput([]string{"a", "…", "d"}, []string{"a", "b", "c", "d"}) || matchOutput([]string{"a", "…", "d"}, []string{"a", "b"}) || !matchOutput([]string{"…"}, nil) {
		t.Error("matchOutput does not treat … as any run of lines")
	}
	if w, err := splitWords(`etcdlint config --format "sarif" 'a b'`); err != nil || strings.Join(w, "|") != "etcdlint|config|--format|sarif|a b" {
		t.Errorf("splitWords = %q, %v", w, err)
	}
}
