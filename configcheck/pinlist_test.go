package configcheck

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
)

// pinListCases are manifests and compose files whose assumed from
// version (3.5.0) rests on --v2-deprecation=not-yet, which the rolling
// fix to 3.6 removes; want is the comment line the fix must leave, as
// written (indentation included).
var pinListCases = []struct{ name, file, text, want string }{
	{"manifest command list", "pod.yaml", `apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
  - name: etcd
    image: registry.example.com/etcd:stable
    command:
    - etcd
    - --name=m1
    - --v2-deprecation=not-yet
    - --data-dir=/var/lib/etcd
`, "    # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n    - --data-dir=/var/lib/etcd\n"},
	{"manifest args list, value as its own item", "pod.yaml", `apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
  - name: etcd
    image: registry.example.com/etcd:stable
    command: [etcd]
    args:
      - "--name=m1"
      - "--v2-deprecation"
      - "not-yet"
`, "      - \"--name=m1\"\n      # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n"},
	{"manifest shell script", "pod.yaml", `apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
  - name: etcd
    image: registry.example.com/etcd:stable
    command:
    - /bin/sh
    - -c
    - |
      exec etcd --name m1 \
        --v2-deprecation=not-yet \
        --data-dir /var/lib/etcd
`, "    # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n    - |\n"},
	{"compose command list", "docker-compose.yml", `services:
  etcd:
    image: registry.example.com/etcd:stable
    command:
      - etcd
      - --name=m1
      - --v2-deprecation=not-yet
`, "      - --name=m1\n      # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n"},
	{"compose command string", "docker-compose.yml", `services:
  etcd:
    image: registry.example.com/etcd:stable
    command: etcd --name m1 --v2-deprecation=not-yet --data-dir /var/lib/etcd
`, "    # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n    command: etcd --name m1 --data-dir /var/lib/etcd\n"},
	{"compose, two services", "docker-compose.yml", `services:
  etcd-a:
    image: registry.example.com/etcd:stable
    command:
      - etcd
      - --name=a
      - --v2-deprecation=not-yet
  etcd-b:
    image: registry.example.com/etcd:stable
    command:
      - etcd
      - --name=b
      - --experimental-initial-corrupt-check=true
`, "      - --name=a\n      # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n  etcd-b:\n"},
}

// assumedFroms are a report's assumed from versions, in report order.
func assumedFroms(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Facts {
		if f.Name == "assumed_from" {
			out = append(out, f.Value)
		}
	}
	return out
}

// TestPinCommentInListForms checks that a rolling fix removing the flag
// an assumed from version rests on, from a manifest's or compose file's
// command list, args list, shell script or command string, leaves a YAML
// comment naming it, and that the next run assumes the same from
// version (each container or service its own). The fixed file parses
// and, unless -short, starts on the real target binary.
func TestPinCommentInListForms(t *testing.T) {
	cat := fixCatalog(t)
	for _, tc := range pinListCases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			run := func(fix bool) *Result {
				res, err := Run(context.Background(), Options{Paths: []string{p}, Target: fixTarget, Catalog: cat, Fix: fix})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			before := assumedFroms(run(false).Report)
			if len(before) == 0 || before[0] != "3.5.0" {
				t.Fatalf("assumed from before the fix %v, want 3.5.0 first", before)
			}
			fixed := run(true)
			if len(fixed.Fixed) != 1 {
				t.Fatalf("no file fixed: %+v", fixed.Report.Findings)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tc.want) {
				t.Errorf("fixed file lacks\n%s\ngot:\n%s", tc.want, data)
			}
			if strings.Contains(string(data), "- --v2-deprecation") || strings.Contains(string(data), " --v2-deprecation=not-yet \\") {
				t.Errorf("flag not removed:\n%s", data)
			}
			if _, err := parseYAMLDocs(data); err != nil {
				t.Errorf("fixed file does not parse: %v\n%s", err, data)
			}
			again := run(false)
			if after := assumedFroms(again.Report); !slices.Equal(before, after) {
				t.Errorf("assumed from %v before --fix, %v after", before, after)
			}
			if len(again.Report.Problems) > 0 {
				t.Errorf("problems after the fix: %+v", again.Report.Problems)
			}
			if testing.Short() {
				return
			}
			bin := etcdtest.Binary(t, fixTarget)
			for _, ms := range startsFor(t, cat, fixHop{from: "3.5.20", target: fixTarget}, p) {
				if ok, out := startEtcd(t, bin, ms); !ok {
					t.Errorf("%s of the fixed file does not start on etcd %s:\n%s", ms.what, fixTarget, out)
				}
			}
		})
	}
}

// TestValueFromFixStartsOnBoth runs the valueFrom fixture, its variables
// read from the ConfigMap of the pod's namespace, on real etcd: unfixed
// the from version starts and the target exits on the ConfigMap's
// ETCD_V2_DEPRECATION value; after the rolling fix both start.
func TestValueFromFixStartsOnBoth(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd binaries")
	}
	cat := fixCatalog(t)
	h := fixHop{from: fixFrom, target: fixTarget}
	from, target := etcdtest.Binary(t, h.from), etcdtest.Binary(t, h.target)
	dir := filepath.Join(t.TempDir(), "valuefrom")
	src := filepath.Join("..", "testdata", "config", "deploy", "valuefrom")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"configmaps.yaml", "statefulset.yaml"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	starts := func(bin string) (bool, string) {
		ms := startsFor(t, cat, h, dir)
		if len(ms) != 1 || !slices.Contains(ms[0].env, "ETCD_SNAPSHOT_COUNT=10000") {
			t.Fatalf("want one start with the etcd namespace's ETCD_SNAPSHOT_COUNT: %+v", ms)
		}
		return startEtcd(t, bin, ms[0])
	}
	if ok, out := starts(from); !ok {
		t.Errorf("unfixed: etcd %s does not start:\n%s", h.from, out)
	}
	if ok, _ := starts(target); ok {
		t.Errorf("unfixed: etcd %s starts with ETCD_V2_DEPRECATION=not-yet", h.target)
	}
	res := runFixOn(t, cat, h, dir, true, false)
	if len(res.Fixed) == 0 {
		t.Fatalf("nothing fixed: %+v", res.Report.Findings)
	}
	for _, bin := range []string{from, target} {
		if ok, out := starts(bin); !ok {
			t.Errorf("fixed: %s does not start:\n%s", bin, out)
		}
	}
}
