package configcheck_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestShadowedMessageHasNoAbsolutePath checks ES3407's message names the
// flag's drop-in relative to the finding's file, not by an absolute path.
func TestShadowedMessageHasNoAbsolutePath(t *testing.T) {
	abs, err := filepath.Abs(filepath.Join("..", "testdata", "config", "deploy", "systemd-dropins"))
	if err != nil {
		t.Fatal(err)
	}
	rep := runDeploy(t, "systemd-dropins", "3.6")
	found := false
	for _, f := range rep.Findings {
		if f.Rule != "ES3407" {
			continue
		}
		found = true
		if strings.Contains(f.Message, abs) || !strings.Contains(f.Message, "(etcd.service.d/10-cluster.conf:5)") {
			t.Errorf("ES3407 message should name etcd.service.d/10-cluster.conf:5 relatively: %s", f.Message)
		}
	}
	if !found {
		t.Fatalf("no ES3407: %+v", rep.Findings)
	}
}

// TestPodNameURLsPassLinkedValidation checks a StatefulSet whose
// advertised URLs hold $(POD_NAME), upgraded to the linked 3.7: the URLs
// are unknown but set, so etcd's validation does not say
// --advertise-client-urls is missing (no ES0007).
func TestPodNameURLsPassLinkedValidation(t *testing.T) {
	for _, fx := range []string{"bootstrap/statefulset.yaml", "envfrom"} {
		rep := runDeploy(t, fx, "3.7")
		for _, f := range rep.Findings {
			if f.Rule == "ES0007" {
				t.Errorf("%s: %s at %d: %s", fx, f.Rule, f.Location.Line, f.Message)
			}
		}
	}
	// Without the advertised URL etcd does refuse it.
	unit := "[Service]\nExecStart=/usr/bin/etcd --name=$NODE --listen-client-urls=http://$IP:2379\n"
	res, _ := runFiles(t, map[string]string{"etcd.service": unit}, []string{"etcd.service"}, "3.6", "3.7", nil)
	found := false
	for _, f := range res.Report.Findings {
		found = found || f.Rule == "ES0007" && strings.Contains(f.Message, "--advertise-client-urls is required")
	}
	if !found {
		t.Errorf("listen URL behind a variable and no advertise URL: want ES0007: %+v", res.Report.Findings)
	}
}
