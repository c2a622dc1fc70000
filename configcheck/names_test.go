package configcheck

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// TestLinkedYAMLKeysMatchCatalog compares the config-file keys etcd 3.7
// decodes (json tags of embed.Config and its configJSON/securityConfig)
// with the YAML keys of the flag table for 3.7.
func TestLinkedYAMLKeysMatchCatalog(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	linked := rules.MustParseVersion("3.7.3")
	real := linkedNames().yaml
	fromCatalog := map[string]bool{}
	for _, f := range cat.Flags() {
		k := strings.ToLower(f.YAMLKey())
		// discovery-fallback: etcdmain's own YAML struct read it up to 3.5
		// (valid() knows); embed never did.
		if f.Ignored || !f.In(linked) || k == "" || k == "discovery-config" || k == "discovery-fallback" {
			continue
		}
		fromCatalog[k] = true
		if !real[k] {
			t.Errorf("the flag table maps --%s to config key %s, which etcd 3.7.3 does not decode", f.Name, k)
		}
	}
	for k := range real {
		if fromCatalog[k] || structuralKeys[k] != "" || strings.ToLower(k) != k || !strings.Contains(k, "-") {
			continue // sections, and Go field names of untagged fields
		}
		switch k {
		case "grpc-additional-server-options", // Go only
			"client-transport-security.allowed-cn", "client-transport-security.skip-client-san-verification", // shared struct
			"peer-transport-security.allowed-hostname":
			continue
		}
		t.Errorf("etcd 3.7.3 decodes config key %s, which no flag row maps to", k)
	}
}
