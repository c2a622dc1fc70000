package configcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// TestParseImage checks the image references etcd deployments use.
func TestParseImage(t *testing.T) {
	for _, tc := range []struct {
		ref, version, arch string
		kind               imageKind
	}{
		{"quay.io/coreos/etcd:v3.5.18", "3.5.18", "", imageOfficial},
		{"registry.k8s.io/etcd:3.5.15-0", "3.5.15", "", imageOfficial},
		{"gcr.io/etcd-development/etcd:v3.6.4-arm64", "3.6.4", "arm64", imageOfficial},
		{"docker.io/bitnami/etcd:3.5.17-debian-12-r3", "3.5.17", "", imageBitnami},
		{"bitnami/etcd:latest", "", "", imageBitnami},
		{"registry.k8s.io/etcd:3.5.15-0@sha256:0123abcd", "3.5.15", "", imageOfficial},
		{"localhost:5000/team/etcd-backup:v1.2.3", "1.2.3", "", imageOther},
		{"busybox", "", "", imageOther},
	} {
		got := parseImage(tc.ref)
		ver := ""
		if !got.version.IsZero() {
			ver = got.version.String()
		}
		if ver != tc.version || got.arch != tc.arch || got.kind != tc.kind {
			t.Errorf("parseImage(%q) = version %q arch %q kind %d; want %q %q %d", tc.ref, ver, got.arch, got.kind, tc.version, tc.arch, tc.kind)
		}
	}
}

// TestCommandPosition checks that an etcd path given to another command
// is not an etcd invocation.
func TestCommandPosition(t *testing.T) {
	script := "chmod 0700 /var/lib/etcd\nmkdir -p /var/log/etcd && exec etcd --name=a\n"
	words, _ := splitWords([]byte(script), 0, len(script), modeShell)
	_, cmd, args, ok := commandWords(words)
	if !ok || cmd.text != "etcd" || len(args) != 1 || args[0].text != "--name=a" {
		t.Fatalf("commandWords = %q %v %v", cmd.text, args, ok)
	}
	if _, _, _, ok := commandWords(words[:3]); ok {
		t.Fatal("chmod's argument taken for etcd")
	}
}

// TestDiffName checks that diff headers are relative paths (patch -p1).
func TestDiffName(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		filepath.Join(wd, "conf", "etcd.env"): filepath.ToSlash(filepath.Join(wd, "conf", "etcd.env")),
		"/nonexistent-root/x/../etcd.env":     "/nonexistent-root/etcd.env",
		"./etcd.env":                          "etcd.env",
		"deploy/etcd.env":                     "deploy/etcd.env",
	} {
		if got := diffName(in); got != want {
			t.Errorf("diffName(%q) = %q, want %q", in, got, want)
		}
	}
}
