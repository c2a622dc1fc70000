package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// copyTree copies the regular files below src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, dst, rel, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// contractDir builds the inputs of the contract table: the sample client
// (github.com/coreos/etcd v3.1.20 in go.mod), a module without etcd, one
// without Go files, an empty directory, a non-config file, an empty data
// dir and configs.
func contractDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "testdata", "sample"), filepath.Join(dir, "sample"))
	writeFile(t, dir, "noetcd/go.mod", "module example.com/noetcd\n\ngo 1.22\n")
	writeFile(t, dir, "noetcd/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n")
	writeFile(t, dir, "nogo/go.mod", "module example.com/nogo\n\ngo 1.22\n")
	writeFile(t, dir, "notconfig.txt", "hello\n")
	writeFile(t, dir, "binary.yml", "\x00\x01\x02\xff\xfe")
	writeFile(t, dir, "broken/etcd.yml", brokenConfig)
	writeFile(t, dir, "clean/etcd.yml", cleanConfig)
	for _, d := range []string{"empty", "emptydata"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A project config below sample/client that only -C finds.
	writeFile(t, dir, "sample/client/.etcdlint.toml", "[rules]\ndisable = [\"ec3712\"]\n")
	return dir
}

// TestCLIContract is the contract of the README's "Exit codes" and
// "Project config" sections: for each invocation, the exit code and the
// first line of standard output or standard error.
func TestCLIContract(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to load packages with")
	}
	dir := contractDir(t)
	tests := []struct {
		name string
		args []string
		code int
		// stdout and stderr are wanted prefixes of the first line ("" =
		// not checked); contains is wanted somewhere in the output.
		stdout, stderr, contains string
		absent                   string
	}{
		// §1: the code part's from is the oldest evidence.
		{name: "newer --from is a notice", args: []string{"code", "-C", "sample/client", "--from", "3.6"}, code: ExitFindings,
			stdout: "main.go:15:2: error EC3401:", contains: "warning: --from 3.6 ignored for code: go.mod requires github.com/coreos/etcd v3.1.20+incompatible"},
		{name: "newer --from keeps go.mod source", args: []string{"code", "-C", "sample/client", "--from", "3.6", "--format", "json"}, code: ExitFindings,
			contains: `"source": "go.mod"`},
		{name: "older --from wins", args: []string{"code", "-C", "sample/client", "--from", "3.0", "--format", "json"}, code: ExitFindings,
			contains: `"source": "flag"`, absent: "ignored"},
		{name: "check --from is for servers", args: []string{"check", "--code", "sample/client", "--config-path", "sample/etcd.conf.yml", "--from", "3.5.20"}, code: ExitFindings,
			contains: "EC3201", absent: "ignored for code"},
		{name: "check --code-from newer is a notice", args: []string{"check", "--code", "sample/client", "--code-from", "3.6"}, code: ExitFindings,
			contains: "warning: --code-from 3.6 ignored for code: go.mod requires"},
		// §2: -C is go -C; --path-prefix; relative diff headers.
		{name: "-C finds the project config in DIR", args: []string{"code", "-C", "sample/client"}, code: ExitFindings,
			stdout: "main.go:15:2: error EC3401:", absent: "EC3712"},
		{name: "-C output paths relative to DIR", args: []string{"code", "-C", "sample/client", "--format", "github"}, code: ExitFindings,
			stdout: "::error file=main.go,"},
		{name: "--path-prefix", args: []string{"code", "-C", "sample/client", "--path-prefix", "services/inventory"}, code: ExitFindings,
			stdout: "services/inventory/main.go:15:2: error EC3401:"},
		{name: "config --diff relative headers", args: []string{"config", "--diff", "--fix-after-upgrade", "broken/etcd.yml"}, code: ExitFindings,
			stdout: "--- a/broken/etcd.yml"},
		// §3: one exit-code rule.
		{name: "findings", args: []string{"config", "broken"}, code: ExitFindings, contains: "broken/etcd.yml:3:1: error ES3701:"},
		{name: "clean", args: []string{"config", "clean"}, code: ExitOK, contains: "in 1 input (1 config-yaml)"},
		{name: "fail-on never", args: []string{"config", "--fail-on", "never", "broken"}, code: ExitOK},
		{name: "no etcd import", args: []string{"code", "-C", "noetcd"}, code: ExitNothing,
			stderr: "etcdlint code: nothing was analysed: .: no package imports etcd (1 package loaded)"},
		{name: "module without Go files", args: []string{"code", "-C", "nogo"}, code: ExitNothing,
			stderr: "etcdlint code: nothing was analysed: .: no Go packages match ./..."},
		{name: "empty directory", args: []string{"code", "-C", "empty"}, code: ExitNothing, stderr: "etcdlint code: nothing was analysed: ./...:"},
		{name: "nonexistent pattern", args: []string{"code", "-C", "sample/client", "./nonexistent/..."}, code: ExitNothing,
			stderr: "etcdlint code: nothing was analysed: ./nonexistent/...:"},
		{name: "not a config file", args: []string{"config", "notconfig.txt"}, code: ExitNothing,
			stderr: "etcdlint config: nothing was analysed: notconfig.txt: not recognised as etcd configuration"},
		{name: "binary file", args: []string{"config", "binary.yml"}, code: ExitNothing,
			stderr: "etcdlint config: nothing was analysed: binary.yml:1: binary data"},
		{name: "empty config dir", args: []string{"config", "empty"}, code: ExitNothing,
			stderr: "etcdlint config: nothing was analysed: no package, config file, endpoint or data dir matched"},
		{name: "empty data dir", args: []string{"probe", "--data-dir", "emptydata"}, code: ExitNothing,
			stderr: "etcdlint probe: nothing was analysed: emptydata: no etcd data found"},
		{name: "--diff exits 1", args: []string{"code", "-C", "sample/client", "--diff"}, code: ExitFindings, stdout: "--- a/main.go"},
		{name: "--diff with json", args: []string{"code", "--diff", "--format", "json"}, code: ExitUsage,
			stderr: "etcdlint code: --diff prints a unified diff, not a report: drop --format json"},
		{name: "-C not a directory", args: []string{"code", "-C", "missing"}, code: ExitUsage, stderr: "etcdlint code: -C missing: not a directory"},
		{name: "--enable family", args: []string{"code", "-C", "sample/client", "--enable", "ec32"}, code: ExitFindings,
			stdout: "main.go:28:21: error EC3201:", absent: "EC3401"},
		{name: "--disable all", args: []string{"config", "--disable", "ALL", "broken"}, code: ExitOK, contains: "\nno findings in 1 input (1 config-yaml)"},
		{name: "--enable typo", args: []string{"config", "--enable", "EX", "broken"}, code: ExitUsage, stderr: `etcdlint config: --enable: "EX" matches no rule`},
		{name: "--version", args: []string{"--version"}, code: ExitOK, stdout: "etcdlint "},
		{name: "-V", args: []string{"-V"}, code: ExitOK, stdout: "etcdlint "},
		{name: "schema", args: []string{"schema"}, code: ExitOK, stdout: "{"},
		{name: "help lists analyzers", args: []string{"help"}, code: ExitOK, contains: "  importpath     report etcd imports"},
		{name: "help analyzer", args: []string{"help", "importpath"}, code: ExitOK, stdout: "importpath: report etcd imports"},
		{name: "help unknown", args: []string{"help", "nosuch"}, code: ExitUsage, stderr: `etcdlint help: no command or analyzer "nosuch"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, dir, tt.args...)
			all := stdout + stderr
			if code != tt.code {
				t.Errorf("etcdlint %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tt.args, " "), code, tt.code, stdout, stderr)
			}
			if tt.stdout != "" && !strings.HasPrefix(firstLine(stdout), tt.stdout) {
				t.Errorf("first stdout line %q, want prefix %q", firstLine(stdout), tt.stdout)
			}
			if tt.stderr != "" && !strings.HasPrefix(firstLine(stderr), tt.stderr) {
				t.Errorf("first stderr line %q, want prefix %q", firstLine(stderr), tt.stderr)
			}
			if tt.contains != "" && !strings.Contains(all, tt.contains) {
				t.Errorf("output lacks %q:\n%s", tt.contains, all)
			}
			if tt.absent != "" && strings.Contains(all, tt.absent) {
				t.Errorf("output has %q:\n%s", tt.absent, all)
			}
		})
	}
}

// TestJSONSchemas validates `rules --format json` and `plan --format
// json` against the schemas `etcdlint schema rules|plan` prints, and checks
// that each schema can fail.
func TestJSONSchemas(t *testing.T) {
	for _, tc := range []struct {
		schema string
		args   []string
		break_ func(string) string
	}{
		{"rules", []string{"rules", "--format", "json"}, func(s string) string {
			return strings.Replace(s, `"severity": "error"`, `"severity": "fatal"`, 1)
		}},
		{"plan", []string{"plan", "--from", "3.4.27", "--to", "3.7", "--format", "json"}, func(s string) string {
			return strings.Replace(s, `"kind": "minor"`, `"kind": "major"`, 1)
		}},
	} {
		t.Run(tc.schema, func(t *testing.T) {
			_, schemaText, _ := run(t, t.TempDir(), "schema", tc.schema)
			sch, err := jsonschema.UnmarshalJSON(strings.NewReader(schemaText))
			if err != nil {
				t.Fatal(err)
			}
			c := jsonschema.NewCompiler()
			c.AssertFormat()
			if err := c.AddResource(tc.schema+".schema.json", sch); err != nil {
				t.Fatal(err)
			}
			schema, err := c.Compile(tc.schema + ".schema.json")
			if err != nil {
				t.Fatal(err)
			}
			code, out, stderr := run(t, t.TempDir(), tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, doc := range []struct {
				text  string
				valid bool
			}{{out, true}, {tc.break_(out), false}} {
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc.text))
				if err != nil {
					t.Fatal(err)
				}
				if err := schema.Validate(inst); (err == nil) != doc.valid {
					t.Errorf("valid=%v, want %v (%v)", err == nil, doc.valid, err)
				}
			}
			if !strings.Contains(out, `"schema_version": 1`) {
				t.Error("no schema_version")
			}
		})
	}
}

// TestHelpHasExamples checks that every command's --help shows examples.
func TestHelpHasExamples(t *testing.T) {
	for _, c := range commands() {
		code, _, stderr := run(t, t.TempDir(), c.name, "--help")
		if code != ExitOK || !strings.Contains(stderr, "Examples:\n  etcdlint ") {
			t.Errorf("etcdlint %s --help (exit %d) has no example:\n%s", c.name, code, stderr)
		}
	}
}

// TestSARIFUnderC checks that -C makes %SRCROOT% the directory the paths
// are relative to, so code scanning can place every result.
func TestSARIFUnderC(t *testing.T) {
	dir := contractDir(t)
	code, stdout, stderr := run(t, dir, "code", "-C", "sample/client", "--format", "sarif")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Runs []struct {
			Bases   map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results []struct {
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI  string `json:"uri"`
							Base string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Runs[0].Bases["%SRCROOT%"].URI
	if want := "file://" + filepath.ToSlash(filepath.Join(dir, "sample", "client")) + "/"; root != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", root, want)
	}
	for _, r := range doc.Runs[0].Results {
		a := r.Locations[0].Physical.Artifact
		if _, err := os.Stat(filepath.Join(dir, "sample", "client", filepath.FromSlash(a.URI))); err != nil || a.Base != "%SRCROOT%" {
			t.Errorf("result at %s (base %s) is not a file below %%SRCROOT%%", a.URI, a.Base)
		}
	}
}

// TestPathPrefixSARIF checks --path-prefix for a job run in a monorepo's
// subdirectory: URIs gain the prefix and %SRCROOT% is the repository root.
func TestPathPrefixSARIF(t *testing.T) {
	dir := contractDir(t)
	code, stdout, stderr := run(t, dir, "code", "-C", "sample/client", "--path-prefix", "sample/client", "--format", "sarif")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Runs []struct {
			Bases   map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results []struct {
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if root, want := doc.Runs[0].Bases["%SRCROOT%"].URI, "file://"+filepath.ToSlash(dir)+"/"; root != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", root, want)
	}
	for _, r := range doc.Runs[0].Results {
		uri := r.Locations[0].Physical.Artifact.URI
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(uri))); err != nil {
			t.Errorf("result URI %s is not a file below %%SRCROOT%%", uri)
		}
	}
}

// TestFixExitsByWhatRemains checks that --fix says what it applied and
// exits as a fresh run on the fixed code does.
func TestFixExitsByWhatRemains(t *testing.T) {
	dir := contractDir(t)
	var errb bytes.Buffer
	trials := 0
	env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" },
		trialStarted: func(string) { trials++ }}
	code := Main(context.Background(), env, []string{"code", "-C", "sample/client", "--fix"})
	stderr := errb.String()
	// One trial of the tree as found, which moves go.mod, and one of
	// the fixed tree, whose analysis is the report.
	if trials != 2 {
		t.Errorf("--fix ran %d trials, want 2", trials)
	}
	// main.go, and go.mod and go.sum moved to the target by the trial;
	// the trial of the written tree finds nothing left to port.
	if l := firstLine(stderr); !strings.HasPrefix(l, "etcdlint code: applied ") || !strings.HasSuffix(l, " fixes in 3 files; 0 compile errors remain") {
		t.Errorf("first stderr line %q, want \"etcdlint code: applied N fixes in 3 files; 0 compile errors remain\"", l)
	}
	// The starting point is recorded: the fixed imports no longer show it.
	cfg, err := os.ReadFile(filepath.Join(dir, "sample", "client", ".etcdlint.toml"))
	if err != nil || !strings.HasPrefix(string(cfg), `from = "3.1.20"`) || !strings.Contains(string(cfg), `disable = ["ec3712"]`) {
		t.Errorf(".etcdlint.toml after --fix (%v):\n%s", err, cfg)
	}
	again, out, _ := run(t, dir, "code", "-C", "sample/client", "--format", "json")
	if code != again {
		t.Errorf("--fix exited %d, a run on the fixed code %d", code, again)
	}
	if !strings.Contains(out, `"source": "config"`) {
		t.Errorf("the run after --fix does not start from the recorded version:\n%s", out)
	}
}

// TestRecordFromRefusesSymlink checks that --fix does not write the
// recorded from through a planted symbolic link, at the config's name or
// at the temporary name, and that it records into a regular file.
func TestRecordFromRefusesSymlink(t *testing.T) {
	for _, planted := range []string{".etcdlint.toml", ".etcdlint.toml.etcdlint-tmp"} {
		dir := t.TempDir()
		outside := filepath.Join(t.TempDir(), "victim")
		if planted != ".etcdlint.toml" {
			writeFile(t, dir, ".etcdlint.toml", "target = \"3.7\"\n")
		}
		if err := os.Symlink(outside, filepath.Join(dir, planted)); err != nil {
			t.Fatal(err)
		}
		env := &Env{Dir: dir}
		_, err := recordFrom(env, &setup{}, "3.1.20")
		// A link at the config's name is refused; one at a predictable
		// temporary name is never used (the temporary file has a random
		// name), so recording succeeds without touching it.
		if (err == nil) != (planted != ".etcdlint.toml") {
			t.Errorf("%s planted: recordFrom error %v", planted, err)
		}
		if _, err := os.Lstat(outside); err == nil {
			t.Errorf("%s planted: written through the symlink", planted)
		}
	}
	dir := t.TempDir()
	writeFile(t, dir, ".etcdlint.toml", "[rules]\ndisable = [\"EO0002\"]\n")
	if _, err := recordFrom(&Env{Dir: dir}, &setup{}, "3.1.20"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ".etcdlint.toml"))
	if !strings.HasPrefix(string(b), `from = "3.1.20"`) || !strings.HasSuffix(string(b), "[rules]\ndisable = [\"EO0002\"]\n") {
		t.Errorf("recorded config:\n%s", b)
	}
}
