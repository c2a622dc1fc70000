package configcheck_test

import (
	"strings"
	"testing"
)

// TestImageBelowPatchFloor checks ES0010: an image tag below the catalog's
// patch floor of the upgrade's first hop is reported at the image line
// with the floor, a patched image and an upgrade within the minor are not.
func TestImageBelowPatchFloor(t *testing.T) {
	rep := runDeploy(t, "image-floor.yml", "3.6")
	var got []int
	for _, f := range rep.Findings {
		if f.Rule != "ES0010" {
			continue
		}
		got = append(got, f.Location.Line)
		if !strings.Contains(f.Message, "below 3.5.32") || !strings.Contains(f.Message, "EO3601") {
			t.Errorf("ES0010 does not name the 3.5.32 floor and its rule: %s", f.Message)
		}
	}
	if len(got) != 1 || got[0] != 5 {
		t.Errorf("ES0010 at lines %v, want only the v3.5.10 image at line 5: %+v", got, rep.Findings)
	}
	if rep := runDeploy(t, "image-floor.yml", "3.5"); has(rep, "ES0010", 0) {
		t.Errorf("upgrade within 3.5: ES0010 reported: %+v", rep.Findings)
	}
	rep = runDeploy(t, "statefulset-arm64.yaml", "3.7")
	if !has(rep, "ES0010", 12) {
		t.Errorf("v3.6.4 image upgraded to 3.7: want ES0010 at the image line 12 (floor 3.6.11): %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Rule == "ES0010" && !strings.Contains(f.Message, "3.6.11") {
			t.Errorf("ES0010 does not name the 3.6.11 floor: %s", f.Message)
		}
	}
}

// TestHTTPSListenerWithoutCertificate checks ES0009 (found by the
// real-etcd harness: both 3.5.20 and 3.6.16 exit): an https client listen
// URL with no --cert-file/--key-file and no --auto-tls.
func TestHTTPSListenerWithoutCertificate(t *testing.T) {
	for _, tc := range []struct {
		name, unit string
		want       bool
	}{
		{"no certificate", "--listen-client-urls=https://127.0.0.1:2379 --advertise-client-urls=https://127.0.0.1:2379", true},
		{"certificate", "--listen-client-urls=https://127.0.0.1:2379 --advertise-client-urls=https://127.0.0.1:2379 --cert-file=/etc/etcd/s.crt --key-file=/etc/etcd/s.key", false},
		{"auto tls", "--listen-client-urls=https://127.0.0.1:2379 --advertise-client-urls=https://127.0.0.1:2379 --auto-tls", false},
		{"http", "--listen-client-urls=http://127.0.0.1:2379 --advertise-client-urls=http://127.0.0.1:2379", false},
		{"peer only warns", "--listen-peer-urls=https://127.0.0.1:2380 --initial-advertise-peer-urls=https://127.0.0.1:2380 --initial-cluster=default=https://127.0.0.1:2380", false},
	} {
		unit := "[Service]\nExecStart=/usr/bin/etcd " + tc.unit + "\n"
		res, _ := runFiles(t, map[string]string{"etcd.service": unit}, []string{"etcd.service"}, "3.5", "3.6", nil)
		found := false
		for _, f := range res.Report.Findings {
			found = found || f.Rule == "ES0009"
		}
		if found != tc.want {
			t.Errorf("%s: ES0009 reported %v, want %v: %+v", tc.name, found, tc.want, res.Report.Findings)
		}
	}
	rep := runDeploy(t, "kubeadm-tag.yaml", "3.6")
	if !has(rep, "ES0009", 14) {
		t.Errorf("kubeadm-tag.yaml: want ES0009 at the https listen URL (line 14): %+v", rep.Findings)
	}
}

// TestFlagsReplaceImageCmd checks ES0012: etcd's release images start
// etcd as their CMD, so flags given as the whole command (compose
// command:, Kubernetes args: without command:, docker run IMAGE --flag)
// replace it; naming the binary first, or command: with args:, is fine.
func TestFlagsReplaceImageCmd(t *testing.T) {
	rep := runDeploy(t, "cmd-image.yml", "3.6")
	if !has(rep, "ES0012", 6) || has(rep, "ES0012", 9) {
		t.Errorf("cmd-image.yml: want ES0012 at line 6 only: %+v", rep.Findings)
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.35\n    args: [\"--name=etcd\", \"--snapshot-count=10000\"]\n  - name: etcd2\n    image: quay.io/coreos/etcd:v3.5.35\n    command: [etcd]\n    args: [\"--name=etcd2\", \"--snapshot-count=10000\"]\n"
	script := "docker run -d gcr.io/etcd-development/etcd:v3.5.35 --name=x --snapshot-count=10000\ndocker run -d gcr.io/etcd-development/etcd:v3.5.35 etcd --name=y --snapshot-count=10000\n"
	res, dir := runFiles(t, map[string]string{"pod.yaml": pod, "run.sh": script}, []string{"pod.yaml", "run.sh"}, "3.5", "3.6", nil)
	var got []string
	for _, k := range keys(res.Report, dir) {
		if strings.HasPrefix(k, "ES0012") {
			got = append(got, k)
		}
	}
	want := "ES0012@pod.yaml:9 ES0012@run.sh:1"
	if strings.Join(got, " ") != want {
		t.Errorf("ES0012 at %v, want %s: %+v", got, want, res.Report.Findings)
	}
}
