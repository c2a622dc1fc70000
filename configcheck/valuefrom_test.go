package configcheck_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/report"
)

// valueFromMaps are two ConfigMaps of the same name in two namespaces and
// a Secret whose value must never be printed.
const valueFromMaps = `apiVersion: v1
kind: ConfigMap
metadata:
  name: etcd-env
  namespace: platform
data:
  client-urls: http://etcd-0.etcd.platform.svc:2379
  logger: capnslog
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: etcd-env
  namespace: other
data:
  client-urls: http://0.0.0.0:2379
  logger: zap
---
apiVersion: v1
kind: Secret
metadata:
  name: etcd-auth
  namespace: platform
type: Opaque
stringData:
  v2: sup3r-s3cret-v2-value
data:
  token: c3VwM3ItczNjcmV0LXRva2Vu
`

// valueFromPod is a StatefulSet in namespace NS whose env: sets the
// entries ENV (indented as list items of env:).
const valueFromPod = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: etcd
NSspec:
  template:
    spec:
      containers:
      - name: etcd
        image: gcr.io/etcd-development/etcd:v3.5.21
        command:
        - etcd
        - --name=a
        - --snapshot-count=10000
        env:
ENV`

// ref is an env: entry for name reading valueFrom kind (configMapKeyRef,
// secretKeyRef) with the given fields.
func ref(name, kind string, fields ...string) string {
	var b strings.Builder
	b.WriteString("        - name: " + name + "\n          valueFrom:\n            " + kind + ":\n")
	for _, f := range fields {
		b.WriteString("              " + f + "\n")
	}
	return b.String()
}

// TestValueFrom checks env valueFrom: a configMapKeyRef is resolved in
// the pod's namespace (a ConfigMap of the same name elsewhere is not
// read) and its value checked as if written in the entry; a missing
// ConfigMap or key and a Secret are named in the problems, an optional
// missing key leaves the variable unset, and a variable whose value is
// not known still has its name checked.
func TestValueFrom(t *testing.T) {
	urls := ref("ETCD_LISTEN_CLIENT_URLS", "configMapKeyRef", "name: etcd-env", "key: client-urls")
	v2 := func(fields ...string) string { return ref("ETCD_ENABLE_V2", "configMapKeyRef", fields...) }
	for _, tc := range []struct {
		name, ns, env string
		value         string // the value ETCD_LISTEN_CLIENT_URLS or ETCD_ENABLE_V2 takes ("" when unknown)
		rule          string // a finding that must be reported ("" for none)
		noRule        string // a finding that must not be
		problem       string // a problem that must be reported
	}{
		{name: "platform map", ns: "platform", env: urls, value: "http://etcd-0.etcd.platform.svc:2379", rule: "ES3203"},
		{name: "other map of the same name", ns: "other", env: urls, value: "http://0.0.0.0:2379", noRule: "ES3203"},
		{name: "no map in the pod's namespace", ns: "third", env: urls, noRule: "ES3203", problem: "ConfigMap etcd-env (key client-urls), which is not among the inputs in namespace third"},
		{name: "no namespace: default has no map", ns: "", env: urls, noRule: "ES3203", problem: "not among the inputs in namespace default"},
		{name: "missing key", ns: "platform", env: v2("name: etcd-env", "key: enable-v2"), rule: "ES3601", problem: "ConfigMap etcd-env in namespace platform has no key enable-v2: Kubernetes does not start the container"},
		{name: "missing key, optional", ns: "platform", env: v2("name: etcd-env", "key: enable-v2", "optional: true"), noRule: "ES3601", problem: "the reference is optional: the variable is unset"},
		{name: "missing map, optional", ns: "platform", env: v2("name: etcd-gone", "key: enable-v2", "optional: true"), rule: "ES3601", problem: "(optional: where the ConfigMap is absent the variable is unset)"},
		{name: "secret", ns: "platform", env: ref("ETCD_ENABLE_V2", "secretKeyRef", "name: etcd-auth", "key: v2"), rule: "ES3601", problem: "ETCD_ENABLE_V2 takes its value from Secret etcd-auth key v2 (secret values are never read or printed)"},
		{name: "field", ns: "platform", env: ref("ETCD_ENABLE_V2", "fieldRef", "fieldPath: metadata.annotations['v2']"), rule: "ES3601", problem: "from pod field metadata.annotations['v2'], known only when the pod runs"},
		{name: "resource", ns: "platform", env: ref("ETCD_ENABLE_V2", "resourceFieldRef", "resource: limits.memory"), rule: "ES3601", problem: "from container resource limits.memory, known only when the pod runs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns := ""
			if tc.ns != "" {
				ns = "  namespace: " + tc.ns + "\n"
			}
			pod := strings.Replace(strings.Replace(valueFromPod, "NS", ns, 1), "ENV", tc.env, 1)
			res, invs := runValueFrom(t, map[string]string{"maps.yaml": valueFromMaps, "sts.yaml": pod}, false)
			rep := res.Report
			got := ""
			for _, inv := range invs {
				for _, s := range inv.Settings {
					if s.Name == "ETCD_LISTEN_CLIENT_URLS" || s.Name == "ETCD_ENABLE_V2" {
						got = s.Value
					}
				}
			}
			if got != tc.value {
				t.Errorf("value %q, want %q", got, tc.value)
			}
			if tc.rule != "" && !has(rep, tc.rule, 0) {
				t.Errorf("no %s: %+v", tc.rule, rep.Findings)
			}
			if tc.noRule != "" && has(rep, tc.noRule, 0) {
				t.Errorf("%s reported: %+v", tc.noRule, rep.Findings)
			}
			if tc.problem != "" && !hasProblem(rep, tc.problem) {
				t.Errorf("no problem saying %q: %+v", tc.problem, rep.Problems)
			}
			if tc.rule == "ES3601" {
				for _, f := range rep.Findings {
					if f.Rule == "ES3601" && (f.Severity.String() != "warning" || !strings.Contains(f.Location.File, "sts.yaml")) {
						t.Errorf("ES3601 for a value not known: want a warning at the env entry of sts.yaml, got %s at %s", f.Severity, f.Location.File)
					}
				}
			}
			listed := false
			for _, in := range rep.Inputs {
				listed = listed || strings.HasSuffix(in.Name, "maps.yaml")
			}
			if tc.value != "" && !listed {
				t.Errorf("maps.yaml, read for the value, is not listed as an input: %+v", rep.Inputs)
			}
			if tc.value != "" && hasProblem(rep, "starts the etcd server") {
				t.Errorf("maps.yaml, read for the value, is reported as not etcd configuration: %+v", rep.Problems)
			}
		})
	}
}

// TestValueFromFixEditsConfigMap checks that a fix of a value read
// through configMapKeyRef edits the ConfigMap of the pod's namespace, as
// fixes of envFrom variables do, and leaves the other one alone.
func TestValueFromFixEditsConfigMap(t *testing.T) {
	pod := strings.Replace(strings.Replace(valueFromPod, "NS", "  namespace: platform\n", 1), "ENV",
		ref("ETCD_LOGGER", "configMapKeyRef", "name: etcd-env", "key: logger"), 1)
	res, _ := runValueFrom(t, map[string]string{"maps.yaml": valueFromMaps, "sts.yaml": pod}, true)
	var fix *report.Fix
	for _, f := range res.Report.Findings {
		if f.Rule == "ES3502" {
			fix = f.Fix
		}
	}
	if fix == nil || len(fix.Edits) != 1 || !strings.HasSuffix(fix.Edits[0].File, "maps.yaml") {
		t.Fatalf("ES3502 with a fix editing maps.yaml wanted: %+v", res.Report.Findings)
	}
	data, err := os.ReadFile(fix.Edits[0].File)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(valueFromMaps, "logger: capnslog", "logger: zap", 1)
	if string(data) != want {
		t.Errorf("maps.yaml after --fix:\n%s\nwant:\n%s", data, want)
	}
	again, _ := runValueFrom(t, map[string]string{"maps.yaml": string(data), "sts.yaml": pod}, false)
	if has(again.Report, "ES3502", 0) {
		t.Errorf("ES3502 still reported after the fix")
	}
}

// TestValueFromSecretNotPrinted checks that a Secret among the inputs,
// read by secretKeyRef and envFrom, never has a value in any output
// format, with or without --diff.
func TestValueFromSecretNotPrinted(t *testing.T) {
	env := ref("ETCD_ENABLE_V2", "secretKeyRef", "name: etcd-auth", "key: v2") +
		ref("ETCD_AUTH_TOKEN", "secretKeyRef", "name: etcd-auth", "key: token") +
		"        envFrom:\n        - secretRef:\n            name: etcd-auth\n"
	pod := strings.Replace(strings.Replace(valueFromPod, "NS", "  namespace: platform\n", 1), "ENV", env, 1)
	for _, diff := range []bool{false, true} {
		res, _ := runValueFromOpts(t, map[string]string{"maps.yaml": valueFromMaps, "sts.yaml": pod}, func(o *configcheck.Options) { o.Diff = diff })
		if !hasProblem(res.Report, "Secret etcd-auth key v2") {
			t.Fatalf("no problem naming the Secret: %+v", res.Report.Problems)
		}
		for _, f := range report.Formats() {
			var b bytes.Buffer
			if err := report.Render(&b, res.Report, f, report.RenderOptions{}); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out := b.String() + res.Diff
			for _, secret := range []string{"sup3r-s3cret-v2-value", "c3VwM3ItczNjcmV0LXRva2Vu", "sup3r-s3cret-token"} {
				if strings.Contains(out, secret) {
					t.Errorf("format %s (diff %v) prints the Secret's value %q", f, diff, secret)
				}
			}
		}
	}
}

// hasProblem reports whether rep has a problem containing text.
func hasProblem(rep *report.Report, text string) bool {
	for _, p := range rep.Problems {
		if strings.Contains(p.Message, text) {
			return true
		}
	}
	return false
}

// runValueFrom writes files into a directory and checks them from 3.5.21
// to 3.6, fixing them when fix is set.
func runValueFrom(t *testing.T, files map[string]string, fix bool) (*configcheck.Result, []configcheck.Invocation) {
	t.Helper()
	return runValueFromOpts(t, files, func(o *configcheck.Options) { o.Fix = fix })
}

func runValueFromOpts(t *testing.T, files map[string]string, mod func(*configcheck.Options)) (*configcheck.Result, []configcheck.Invocation) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, "3.6"))
	if err != nil {
		t.Fatal(err)
	}
	opts := configcheck.Options{Paths: paths, From: "3.5.21", Target: tv.String(), Catalog: cat}
	mod(&opts)
	res, invs, err := configcheck.RunInvocations(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, invs
}

// TestValueFromEntryRemoved checks that a fix removing a variable set
// through valueFrom takes the whole entry, its nested configMapKeyRef
// included: the fixed manifest parses and has no problem it did not
// have before.
func TestValueFromEntryRemoved(t *testing.T) {
	dir := copyTree(t, "deploy/valuefrom", t.TempDir())
	cat := loadCatalog(t)
	run := func(fix bool) *report.Report {
		res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{dir}, Target: "3.6.16", Catalog: cat, Fix: fix})
		if err != nil {
			t.Fatal(err)
		}
		return res.Report
	}
	before := run(false)
	if !has(before, "ES3602", 0) {
		t.Fatalf("ETCD_V2_DEPRECATION=not-yet read from the ConfigMap not reported: %+v", before.Findings)
	}
	run(true)
	data, err := os.ReadFile(filepath.Join(dir, "statefulset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "v2-deprecation") {
		t.Errorf("entry left in part:\n%s", data)
	}
	after := run(false)
	if has(after, "ES3602", 0) || len(after.Problems) != len(before.Problems) {
		t.Errorf("after the fix: problems %+v (before %d), findings %+v", after.Problems, len(before.Problems), after.Findings)
	}
	if !strings.Contains(string(data), "key: snapshot-count") {
		t.Errorf("the next entry went too:\n%s", data)
	}
}
