package configcheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/rules"
)

// fuzzSeeds adds the repository's example inputs as seeds.
func fuzzSeeds(f *testing.F, globs ...string) {
	for _, g := range globs {
		names, _ := filepath.Glob(filepath.Join("..", "testdata", "config", g))
		for _, n := range names {
			if data, err := os.ReadFile(n); err == nil {
				f.Add(data)
			}
		}
	}
}

// watchdog fails the test when fn does not return within a few seconds
// (a hang is a bug: the fuzzer then records the input).
func watchdog(t *testing.T, data []byte, fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("hang on input %q", data)
	}
}

// runBytes checks data read from stdin and verifies the report's shape.
func runBytes(t *testing.T, cat *rules.Catalog, data []byte, target string) {
	res, err := Run(context.Background(), Options{Paths: []string{"-"}, Stdin: strings.NewReader(string(data)), From: "3.4", Target: target, Catalog: cat, Diff: true})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	lines := len(newSource("-", "", data).lines)
	for _, fd := range res.Report.Findings {
		if fd.Location.File == "" || fd.Location.Line < 1 || fd.Location.Line > lines || fd.Location.Column < 1 {
			t.Fatalf("finding outside the input (%d lines): %+v", lines, fd)
		}
	}
	for _, p := range res.Report.Problems {
		if p.Input == "" || p.Message == "" || p.Line < 0 || p.Line > lines {
			t.Fatalf("bad problem: %+v", p)
		}
	}
}

func fuzzCatalog(f *testing.F) *rules.Catalog {
	cat, err := rules.Load()
	if err != nil {
		f.Fatal(err)
	}
	return cat
}

// FuzzConfigYAML fuzzes the etcd configuration file parser (node tree,
// settings, the linked decoder) and the checks on it.
func FuzzConfigYAML(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "samples/*.yml", "configref/*.yml", "suppress/*.yml")
	f.Add([]byte("a: &a [x, x]\nb: [*a, *a]\nname: *a\n"))
	f.Add([]byte("client-transport-security: {ca-file: x, cert-file: [y]}\n"))
	table, err := newFlagTable(cat)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			src := newSource("x.yml", "", data)
			docs, _ := parseYAMLDocs(data)
			for _, d := range docs {
				for _, s := range table.configSettings(src, docRoot(d)) {
					if s.at.line < 1 {
						t.Fatalf("setting without a line: %+v", s)
					}
				}
			}
			_, _ = linkedConfigFromYAML(data)
			runBytes(t, cat, data, "3.7.3")
		})
	})
}

// FuzzProcfile fuzzes the Procfile reader (process lines, their shell
// commands) and the checks and fixes on them.
func FuzzProcfile(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "deploy/Procfile")
	f.Add([]byte("a: etcd --name x\n#b: etcd\nc:etcd --enable-v2 'q\r\nd: A=1 exec bin/etcd --a; etcd grpc-proxy start --endpoints=x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			p := filepath.Join(t.TempDir(), "Procfile")
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), Options{Paths: []string{p}, From: "3.4", Target: "3.6.16", Catalog: cat, Diff: true})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			lines := len(newSource(p, "", data).lines)
			for _, fd := range res.Report.Findings {
				if fd.Location.Line < 1 || fd.Location.Line > lines || fd.Location.Column < 1 {
					t.Fatalf("finding outside the input (%d lines): %+v", lines, fd)
				}
			}
		})
	})
}

// FuzzCommandLine fuzzes shell word splitting and Go flag parsing.
func FuzzCommandLine(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "args/*")
	f.Add([]byte("etcd --name 'a b' --x=\"y\\\"z\" \\\n --pre-vote false -- rest"))
	f.Add([]byte("A=1 exec etcd --a; etcd --b && etcd --c | x"))
	table, err := newFlagTable(cat)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			src := newSource("x", "", data)
			for _, mode := range []splitMode{modeShell, modeLine} {
				words, end := splitWords(data, 0, len(data), mode)
				if end < 0 || end > len(data) {
					t.Fatalf("end %d outside [0,%d]", end, len(data))
				}
				for _, w := range words {
					if w.off < 0 || w.off > len(data) {
						t.Fatalf("word offset %d outside the input", w.off)
					}
				}
				_, _, args, _ := commandWords(words)
				table.parseArgs(src, args)
			}
			runBytes(t, cat, data, "3.6.16")
		})
	})
}

// FuzzSystemdUnit fuzzes the unit parser (sections, continuations,
// ExecStart, Environment=).
func FuzzSystemdUnit(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "systemd/*.service", "configref/*.service")
	f.Add([]byte("[Service]\nEnvironment=\"A=1\" 'ETCD_NAME=x y'\nExecStart=-/usr/bin/etcd \\\n  --name=a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			src := newSource("x.service", "", data)
			for _, d := range parseUnit(src) {
				if d.valOff < 0 || d.valOff > len(data) || d.line < 1 {
					t.Fatalf("bad directive %+v", d)
				}
			}
			runBytes(t, cat, append([]byte("[Service]\n"), data...), "3.5.35")
		})
	})
}

// FuzzEnvFile fuzzes the KEY=VALUE parser.
func FuzzEnvFile(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "env/*", "systemd/*.env", "compose/*.env")
	f.Add([]byte("export ETCD_NAME=\"a\\\"b\"\nETCD_X='y' # c\n=bad\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			src := newSource("x.env", "", data)
			vars, bad := parseEnvFile(src)
			for _, v := range vars {
				if v.line < 1 || v.nameOff < 0 || v.nameOff > len(data) {
					t.Fatalf("bad var %+v", v)
				}
			}
			for _, n := range bad {
				if n < 1 || n > len(src.lines) {
					t.Fatalf("bad line %d", n)
				}
			}
			runBytes(t, cat, data, "3.7.3")
		})
	})
}

// FuzzManifest fuzzes Kubernetes manifest and compose file reading.
func FuzzManifest(f *testing.F) {
	cat := fuzzCatalog(f)
	fuzzSeeds(f, "kubeadm/*.yaml", "kubernetes/*.yaml", "compose/*.yml")
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  apiVersion: v1\n  spec: {containers: [{name: etcd, command: [sh, -c, 'etcd --name a']}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		watchdog(t, data, func() {
			runBytes(t, cat, data, "3.7.3")
		})
	})
}
