package rules

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCatalogWellFormed loads the embedded catalog: Load validates every
// rule (ID shape and since agreement, title, severity, surfaces,
// detectors, action, source) and every release and floor.
func TestCatalogWellFormed(t *testing.T) {
	c := loadT(t)
	if n := len(c.Rules()); n < 120 {
		t.Errorf("catalog has %d rules, want at least 120", n)
	}
	for _, r := range c.Rules() {
		if c.Rule(r.ID) != r {
			t.Errorf("Rule(%s) does not return the rule", r.ID)
		}
		if len(r.Title) > 100 {
			t.Errorf("%s: title is %d characters, keep it under 100", r.ID, len(r.Title))
		}
		if r.AutoFix && !r.HasDetector(DetectCode) && !r.HasDetector(DetectConfig) {
			t.Errorf("%s: autofix without a code or config detector to apply it", r.ID)
		}
	}
}

// TestCatalogSpansEveryHop checks that every minor hop from 2.0 to 3.7 has
// rules of its own, except 2.2 to 2.3, which the etcd guides list no
// breaking change for (only the every-hop rules apply).
func TestCatalogSpansEveryHop(t *testing.T) {
	c := loadT(t)
	count := map[string]int{}
	for _, r := range c.Rules() {
		if !r.EveryHop() {
			count[r.SinceVersion().MinorLine().String()]++
		}
	}
	for _, line := range []string{"2.1", "2.2", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"} {
		if count[line] == 0 {
			t.Errorf("no rule lands in %s", line)
		}
	}
	if len(c.EveryHopRules()) < 5 {
		t.Errorf("only %d every-hop rules", len(c.EveryHopRules()))
	}
}

// TestCatalogCoversResearch checks that every item of the breaking-changes
// research is the ref of at least one rule, and every ref names an item.
func TestCatalogCoversResearch(t *testing.T) {
	c := loadT(t)
	f, err := os.Open("testdata/research-items.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		items[strings.Fields(line)[0]] = true
	}
	// Rules of etcdlint's own, with no research item behind them.
	own := map[string]string{
		"EC0001": "malformed or unused suppression directive in Go code",
		"ES0008": "malformed suppression directive in a config file",
		"ES0010": "image tag below a patch floor, from the floors of releases.toml",
		"ES0011": "grpc-proxy and gateway flag sets, verified against real etcd binaries",
		"ES0012": "CMD of etcd's release images, from their Dockerfiles",
		"ES0009": "https client listen URL without a certificate, from etcd's embed listener setup",
		"EC0080": "compile error of the trial type-check that no catalog rule explains",
		"EC0081": "dependency that stops building in the trial type-check",
		"EC0082": "Go toolchain older than the target modules in the trial type-check",
		"ES3207": "quota-backend-bytes above MaxQuotaBytes, a threshold from the research's numbers table",
		// The generated API change table (api-changes.toml), one per line.
		"EC3120": "api table", "EC3220": "api table", "EC3320": "api table", "EC3420": "api table",
		"EC3520": "api table", "EC3620": "api table", "EC3720": "api table",
		"ES3550": "distroless etcd images from 3.5.7, from the etcd 3.5 changelog",
		// Cipher-suite checks, from etcd's tlsutil and Go's crypto/tls.
		"ES0090": "tls", "ES0091": "tls", "ES0092": "tls", "ES0093": "tls", "ES0094": "tls",
		// Values go vet's copylocks rejects at the target, from etcd 3.7's client/v3.
		"EC3790": "clientv3.Client copies",
		// Bootstrap checks, from etcd's bootstrap validation (server/config, types.NewURLsMap).
		"ES0097": "bootstrap", "ES0098": "bootstrap", "ES0099": "bootstrap",
	}
	refs := map[string]bool{}
	for _, r := range c.Rules() {
		if r.Ref == "" {
			if own[r.ID] == "" {
				t.Errorf("%s has no ref", r.ID)
			}
			continue
		}
		refs[r.Ref] = true
		if !items[r.Ref] {
			t.Errorf("%s: ref %s is not a research item", r.ID, r.Ref)
		}
	}
	var missing []string
	for it := range items {
		if !refs[it] {
			missing = append(missing, it)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d research items have no rule: %s", len(missing), strings.Join(missing, " "))
	}
}

const goodRule = `
[[rule]]
id = "EC3201"
ref = "ETCD32-CLIENT-GRPCLOG-LOGGERV2"
title = "clientv3.SetLogger takes a grpclog.LoggerV2"
since = "3.2.10"
surfaces = ["client-go-api"]
severity = "error"
changed = "It changed."
action = "Do something."
source = "https://etcd.io/docs/v3.7/upgrades/upgrade_3_2/"
detectors = ["code"]
`

const releases = `
[[release]]
line = "3.1"
latest = "3.1.20"
stable = true

[[release]]
line = "3.2"
latest = "3.2.32"
stable = true
`

func TestLoadRejectsBrokenCatalogs(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"good", goodRule, ""},
		{"unknown key", goodRule + "colour = \"red\"\n", `data/x.toml:13: unknown key "rule.colour"`},
		{"syntax", "[[rule]\nid = 1", "data/x.toml:2:"},
		{"type", strings.Replace(goodRule, `severity = "error"`, `severity = 3`, 1), "data/x.toml"},
		{"bad severity", strings.Replace(goodRule, `"error"`, `"fatal"`, 1), `invalid severity "fatal"`},
		{"bad id", strings.Replace(goodRule, "EC3201", "ETCD32-X", 1), `id "ETCD32-X" does not match`},
		{"id since mismatch", strings.Replace(goodRule, "EC3201", "EC3301", 1), "does not match since 3.2.10"},
		{"bad since", strings.Replace(goodRule, `"3.2.10"`, `"3.2.x"`, 1), `since: invalid etcd version "3.2.x"`},
		{"bad surface", strings.Replace(goodRule, `"client-go-api"`, `"client"`, 1), `unknown surface "client"`},
		{"bad detector", strings.Replace(goodRule, `["code"]`, `["magic"]`, 1), `unknown detector "magic"`},
		{"no action period", strings.Replace(goodRule, "Do something.", "Do something", 1), "action must be a sentence"},
		{"http source", strings.Replace(goodRule, "https://", "http://", 1), "is not an https URL"},
		{"title period", strings.Replace(goodRule, "LoggerV2\"", "LoggerV2.\"", 1), "title ends with a period"},
		{"title capital", strings.Replace(goodRule, "clientv3.SetLogger takes", "Clientv3 SetLogger takes", 1), "must start lowercase"},
		{"duplicate", goodRule + goodRule, "duplicate ID"},
		{"until before since", strings.Replace(goodRule, `since = "3.2.10"`, "since = \"3.2.10\"\nuntil = \"3.2.1\"", 1), "is not after since"},
		{"floor unknown rule", goodRule + "[[floor]]\nbefore = \"3.2\"\nmin = \"3.1.3\"\nrule = \"EO3201\"\nreason = \"x\"\n", `unknown rule "EO3201"`},
		{"floor wrong line", goodRule + "[[floor]]\nbefore = \"3.2\"\nmin = \"3.0.3\"\nrule = \"EC3201\"\nreason = \"x\"\n", "is not on the line before it"},
		{"release latest off line", goodRule + "[[release]]\nline = \"3.3\"\nlatest = \"3.4.1\"\nstable = true\n", "must be a 3.3.Z version"},
		{"release unstable flag", goodRule + "[[release]]\nline = \"3.8\"\nlatest = \"3.8.0-alpha.0\"\nstable = true\n", "stable must be true exactly when"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"data/x.toml":        {Data: []byte(tt.file)},
				"data/releases.toml": {Data: []byte(releases)},
			}
			_, err := LoadFS(fsys, "data")
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("LoadFS: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("LoadFS succeeded, want error containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("LoadFS error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRuleApplies(t *testing.T) {
	r := &Rule{Since: "3.2.10", since: MustParseVersion("3.2.10")}
	v := MustParseVersion
	for _, tt := range []struct {
		from, to string
		want     bool
	}{
		{"3.1.20", "3.2.32", true},
		{"3.1.20", "3.2.9", false},
		{"3.2.10", "3.3.0", false},
		{"3.2.9", "3.2.10", true},
		{"3.0.0", "3.7.3", true},
	} {
		if got := r.Applies(v(tt.from), v(tt.to)); got != tt.want {
			t.Errorf("since 3.2.10: Applies(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	fixed := &Rule{Since: "3.4.10", Until: "3.4.13", since: v("3.4.10"), until: v("3.4.13")}
	for _, tt := range []struct {
		from, to string
		want     bool
	}{
		{"3.3.27", "3.4.11", true},
		{"3.3.27", "3.4.45", true}, // the roll passes through the broken patches only if it stops there; kept as awareness
		{"3.4.13", "3.5.0", false},
	} {
		if got := fixed.Applies(v(tt.from), v(tt.to)); got != tt.want {
			t.Errorf("since 3.4.10 until 3.4.13: Applies(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}
