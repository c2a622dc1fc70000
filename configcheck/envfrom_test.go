package configcheck_test

import (
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
