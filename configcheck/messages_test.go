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
