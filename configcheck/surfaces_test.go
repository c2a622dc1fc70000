package configcheck_test

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// TestSurfaces runs each check on every surface a setting can be written
// on: a command-line flag, an ETCD_* variable and a config-file key.
func TestSurfaces(t *testing.T) {
	cases := []struct {
		flag, value  string
		yamlKey      string // "" when the setting has no config-file key
		from, target string
		rule         string
		// severity per surface: flag, env, yaml
		sev [3]rules.Severity
	}{
		{"enable-v2", "true", "enable-v2", "3.5", "3.6", "ES3601", [3]rules.Severity{rules.Error, rules.Warning, rules.Warning}},
		{"experimental-compaction-batch-limit", "1000", "experimental-compaction-batch-limit", "3.6", "3.7", "ES3701", [3]rules.Severity{rules.Error, rules.Warning, rules.Warning}},
		{"experimental-compaction-batch-limit", "1000", "experimental-compaction-batch-limit", "3.5", "3.6", "ES3605", [3]rules.Severity{rules.Warning, rules.Warning, rules.Warning}},
		{"log-package-levels", "etcdserver=DEBUG", "log-package-levels", "3.4", "3.5", "ES3501", [3]rules.Severity{rules.Error, rules.Warning, rules.Warning}},
		{"auth-token-ttl", "600", "auth-token-ttl", "3.3.27", "3.4.9", "ES3408", [3]rules.Severity{rules.Error, rules.Warning, rules.Warning}},
		// A dropped key or variable that turned on a safety check is an
		// error on every surface: etcd starts with the check off.
		{"experimental-initial-corrupt-check", "true", "experimental-initial-corrupt-check", "3.6", "3.7", "ES3701", [3]rules.Severity{rules.Error, rules.Error, rules.Error}},
		// ... and with the value the default, nothing changes.
		{"experimental-initial-corrupt-check", "false", "experimental-initial-corrupt-check", "3.6", "3.7", "ES3701", [3]rules.Severity{rules.Error, rules.Info, rules.Info}},
		{"max-request-bytes", "33554432", "max-request-bytes", "3.5", "3.6", "ES3202", [3]rules.Severity{rules.Warning, rules.Warning, rules.Warning}},
		{"quota-backend-bytes", "17179869184", "quota-backend-bytes", "3.5", "3.6", "ES3207", [3]rules.Severity{rules.Warning, rules.Warning, rules.Warning}},
		{"listen-peer-urls", "http://peer.example.com:2380", "listen-peer-urls", "3.1", "3.2", "ES3203", [3]rules.Severity{rules.Error, rules.Error, rules.Error}},
		{"listen-peer-urls", "peer:2380", "listen-peer-urls", "3.6", "3.7", "ES0006", [3]rules.Severity{rules.Error, rules.Error, rules.Error}},
		{"logger", "capnslog", "logger", "3.4", "3.5", "ES3502", [3]rules.Severity{rules.Error, rules.Error, rules.Error}},
		{"v2-deprecation", "write-only", "v2-deprecation", "3.6", "3.7", "ES3703", [3]rules.Severity{rules.Warning, rules.Warning, rules.Warning}},
		{"max-snapshots", "5", "max-snapshots", "3.5", "3.6", "ES3607", [3]rules.Severity{rules.Info, rules.Info, rules.Info}},
		{"raft-read-timeout", "5s", "", "3.6", "3.7", "", [3]rules.Severity{}},
	}
	for _, tc := range cases {
		env := "ETCD_" + strings.ToUpper(strings.ReplaceAll(tc.flag, "-", "_"))
		inputs := []struct {
			surface, file, body string
		}{
			{"flag", "a.args", "etcd --" + tc.flag + "=" + tc.value + "\n"},
			{"env", "a.env", env + "=" + tc.value + "\n"},
			{"yaml", "a.yml", tc.yamlKey + ": " + tc.value + "\n"},
		}
		for i, in := range inputs {
			if in.surface == "yaml" && tc.yamlKey == "" {
				continue
			}
			t.Run(tc.flag+"/"+tc.target+"/"+in.surface, func(t *testing.T) {
				res, _ := runFiles(t, map[string]string{in.file: in.body}, []string{in.file}, tc.from, tc.target, nil)
				var found bool
				for _, f := range res.Report.Findings {
					if f.Rule == tc.rule && f.Location.Line == 1 {
						found = true
						if f.Severity != tc.sev[i] {
							t.Errorf("%s severity %s, want %s: %s", f.Rule, f.Severity, tc.sev[i], f.Message)
						}
					}
					if tc.rule == "" && f.Severity == rules.Error {
						t.Errorf("unexpected error %s: %s", f.Rule, f.Message)
					}
				}
				if tc.rule != "" && !found {
					t.Errorf("no %s; findings %+v", tc.rule, res.Report.Findings)
				}
			})
		}
	}
}
