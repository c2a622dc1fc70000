package configcheck_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/report"
)

// at reports whether rep has a finding for rule at file (a path suffix)
// and line.
func atFile(rep *report.Report, rule, file string, line int) bool {
	for _, f := range rep.Findings {
		if f.Rule == rule && strings.HasSuffix(filepath.ToSlash(f.Location.File), file) && f.Location.Line == line {
			return true
		}
	}
	return false
}

// TestEnvFromConfigMap checks envFrom: a ConfigMap in another input and
// one in the same file (with a prefix) become the container's ETCD_*
// variables, reported at the ConfigMap's lines; env: wins over envFrom;
// a Secret and a ConfigMap not in the run are named as not read.
func TestEnvFromConfigMap(t *testing.T) {
	rep := runDeploy(t, "envfrom", "3.6")
	if !atFile(rep, "ES3601", "envfrom/configmap.yaml", 8) {
		t.Errorf("ETCD_ENABLE_V2 from the etcd-env ConfigMap not reported at configmap.yaml:8: %+v", rep.Findings)
	}
	if !atFile(rep, "ES3606", "envfrom/configmap.yaml", 9) {
		t.Errorf("ETCD_EXPERIMENTAL_INITIAL_CORRUPT_CHECK from the ConfigMap not reported at configmap.yaml:9: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if strings.HasSuffix(f.Location.File, "configmap.yaml") && f.Location.Line == 10 {
			t.Errorf("ETCD_SNAPSHOT_COUNT of the ConfigMap is shadowed by env: and must not be checked: %s %s", f.Rule, f.Message)
		}
		if f.Rule == "ES3603" {
			t.Errorf("snapshot-count is set (env:), ES3603 reported: %s", f.Message)
		}
	}
	// The prefixed ConfigMap in the same file gives ETCD_HEARTBEAT_INTERVAL
	// and ETCD_ELECTION_TIMEOUT: valid, so no finding, but they are read.
	_, invs := runInvocations(t, filepath.Join("deploy", "envfrom"), "3.6")
	var names []string
	for _, inv := range invs {
		for _, s := range inv.Settings {
			if s.Surface == "env" {
				names = append(names, s.Name+"="+s.Value)
			}
		}
	}
	for _, want := range []string{"ETCD_HEARTBEAT_INTERVAL=250", "ETCD_ELECTION_TIMEOUT=2500", "ETCD_SNAPSHOT_COUNT=10000", "ETCD_ENABLE_V2=true"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("variable %s not among the container's: %v", want, names)
		}
	}
	if strings.Contains(strings.Join(names, " "), "ETCD_SNAPSHOT_COUNT=50000") {
		t.Errorf("the ConfigMap's ETCD_SNAPSHOT_COUNT overrides env:: %v", names)
	}
	problems := map[string]bool{}
	for _, p := range rep.Problems {
		switch {
		case strings.Contains(p.Message, "Secret etcd-auth"):
			problems["secret"] = true
		case strings.Contains(p.Message, "ConfigMap etcd-extra"):
			problems["missing"] = true
		default:
			t.Errorf("unexpected problem: %+v", p)
		}
	}
	if !problems["secret"] || !problems["missing"] {
		t.Errorf("want problems naming Secret etcd-auth and ConfigMap etcd-extra: %+v", rep.Problems)
	}
	listed := false
	for _, in := range rep.Inputs {
		listed = listed || strings.HasSuffix(in.Name, "configmap.yaml")
	}
	if !listed {
		t.Errorf("configmap.yaml not listed as an input: %+v", rep.Inputs)
	}

	// The StatefulSet alone: etcd-env is not in the run, and says so.
	rep = runDeploy(t, "envfrom/statefulset.yaml", "3.6")
	found := false
	for _, p := range rep.Problems {
		found = found || strings.Contains(p.Message, "ConfigMap etcd-env is not among the inputs")
	}
	if !found || has(rep, "ES3601", 0) {
		t.Errorf("StatefulSet alone: want a problem naming ConfigMap etcd-env and no ES3601: %+v %+v", rep.Problems, rep.Findings)
	}
}

// TestEnvFromNamespaces checks that envFrom is resolved in the pod's
// namespace: a ConfigMap of the same name in another namespace is not
// read (the problem names the namespace looked in), and a ConfigMap and
// a workload that name no namespace are both in "default".
func TestEnvFromNamespaces(t *testing.T) {
	const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-env\n%s---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd-env\n  namespace: other\ndata:\n  ETCD_ENABLE_V2: \"true\"\n"
	const pod = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: etcd\n%sspec:\n  template:\n    spec:\n      containers:\n      - name: etcd\n        image: gcr.io/etcd-development/etcd:v3.5.21\n        command: [\"etcd\", \"--name=a\", \"--snapshot-count=10000\"]\n        envFrom:\n        - configMapRef:\n            name: etcd-env\n%s"
	for _, tc := range []struct {
		name, cmNS, podNS string
		optional          string // a line under configMapRef
		v2                bool   // the other namespace's ETCD_ENABLE_V2 must not be read
		missing           string
		exact             bool // the message ends with missing
	}{
		{name: "pod in platform, map only in other", cmNS: "  namespace: platform\n", podNS: "  namespace: platform\n", v2: false},
		{name: "pod in other", cmNS: "", podNS: "  namespace: other\n", v2: true},
		{name: "pod with no namespace reads the default map", cmNS: "data:\n  ETCD_LOG_LEVEL: info\n", podNS: "", v2: false},
		{name: "pod in a third namespace", cmNS: "", podNS: "  namespace: third\n", missing: "not among the inputs in namespace third"},
		{name: "optional map not given", cmNS: "", podNS: "  namespace: third\n", optional: "            optional: true\n", missing: "namespace third, so the ETCD_* variables it may set are not checked; give its manifest in the same run (optional: where the ConfigMap is absent it sets no variable)"},
		{name: "optional false is not optional", cmNS: "", podNS: "  namespace: third\n", optional: "            optional: false\n", missing: "give its manifest in the same run", exact: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := runFiles(t, map[string]string{
				"cm.yaml":  fmt.Sprintf(cm, tc.cmNS),
				"sts.yaml": fmt.Sprintf(pod, tc.podNS, tc.optional),
			}, []string{"cm.yaml", "sts.yaml"}, "3.5.21", "3.6", nil)
			if got := has(res.Report, "ES3601", 0); got != tc.v2 {
				t.Errorf("ES3601 reported %v, want %v: %+v", got, tc.v2, res.Report.Findings)
			}
			found := false
			for _, p := range res.Report.Problems {
				found = found || tc.missing != "" && strings.Contains(p.Message, tc.missing) && (!tc.exact || strings.HasSuffix(p.Message, tc.missing))
			}
			if tc.missing != "" && !found {
				t.Errorf("no problem saying %q: %+v", tc.missing, res.Report.Problems)
			}
		})
	}
}
