package rules

import (
	"strings"
	"testing"
)

func loadT(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// stepString renders a path compactly: "3.5.20>3.5.36[3.5.32] 3.5.36=>3.6.17".
func stepString(steps []Step) string {
	var parts []string
	for _, s := range steps {
		sep := ">"
		if s.Minor {
			sep = "=>"
		}
		p := s.From.String() + sep + s.To.String()
		if !s.Minor {
			var fl []string
			for _, f := range s.Floors {
				fl = append(fl, f.Min)
			}
			if len(fl) > 0 {
				p += "[" + strings.Join(fl, ",") + "]"
			}
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func TestPath(t *testing.T) {
	c := loadT(t)
	tests := []struct{ from, to, want string }{
		// The acceptance case: both floors on the way to 3.7.
		{"3.5.20", "3.7", "3.5.20>3.5.36[3.5.32,3.5.26,3.5.31] 3.5.36=>3.6.17 3.6.17=>3.7.4"},
		{"3.6.10", "3.7.1", "3.6.10>3.6.17[3.6.11,3.6.12] 3.6.17=>3.7.1"},
		// Already on the newest patch: no patch step, floor met.
		{"3.6.17", "3.7", "3.6.17=>3.7.4"},
		// An older patch steps to the newest even with no floor to meet.
		{"3.6.16", "3.7", "3.6.16>3.6.17 3.6.17=>3.7.4"},
		// A minor-only from means an unknown patch: go to the newest first.
		{"3.5", "3.6", "3.5>3.5.36[3.5.32,3.5.14,3.5.26,3.5.31] 3.5.36=>3.6.17"},
		{"3.1.7", "3.4", "3.1.7>3.1.20 3.1.20=>3.2.32 3.2.32=>3.3.27 3.3.27=>3.4.45"},
		{"2.0.1", "2.1", "2.0.1>2.0.13[2.0.3] 2.0.13=>2.1.3"},
		{"2.3.8", "3.0.17", "2.3.8=>3.0.17"},
		// Patch upgrades within a line.
		{"3.7.1", "3.7", "3.7.1>3.7.4"},
		{"3.7.1", "3.7.2", "3.7.1>3.7.2"},
		{"3.7.4", "3.7", ""}, {"3.7.3", "3.7", "3.7.3>3.7.4"},
		{"3.7", "3.7", "3.7>3.7.4"},
		{"3.7.4", "3.8", "3.7.4=>3.8.0-alpha.0"},
	}
	for _, tt := range tests {
		steps, err := c.Path(MustParseVersion(tt.from), MustParseVersion(tt.to))
		if err != nil {
			t.Errorf("Path(%s, %s): %v", tt.from, tt.to, err)
			continue
		}
		if got := stepString(steps); got != tt.want {
			t.Errorf("Path(%s, %s) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestPathFloorRules(t *testing.T) {
	c := loadT(t)
	steps, err := c.Path(MustParseVersion("3.5.20"), MustParseVersion("3.7"))
	if err != nil {
		t.Fatal(err)
	}
	var floors []string
	for _, s := range steps {
		if s.Minor {
			for _, f := range s.Floors {
				floors = append(floors, f.Rule+"@"+f.Min)
			}
		}
	}
	if got, want := strings.Join(floors, " "), "EO3601@3.5.32 EO3570@3.5.14 EO3671@3.5.26 EO3670@3.5.31 EO3701@3.6.11 EO3670@3.6.12"; got != want {
		t.Errorf("floors on the minor hops = %q, want %q", got, want)
	}
	// Each minor hop carries the rules landing in it, and only those.
	for _, s := range steps {
		for _, r := range s.Rules {
			if !r.Applies(s.From, s.To) {
				t.Errorf("step %s->%s lists %s (since %s), which does not apply", s.From, s.To, r.ID, r.Since)
			}
		}
	}
}

func TestPathErrors(t *testing.T) {
	c := loadT(t)
	tests := []struct{ from, to, want string }{
		{"3.6", "3.5", "downgrade"},
		{"3.5.30", "3.5.20", "downgrade"},
		{"3.7.3", "3.6", "downgrade"},
		{"3.5", "3.9", "newer than this catalog knows"},
		{"3.5", "4.0", "newer than this catalog knows"},
		{"3.5", "3.7.99", "newer than this catalog knows"},
		{"3.5.99", "3.7", "newer than this catalog knows"},
		{"1.0", "3.7", "older than"},
		{"0.4.6", "2.0", "older than"},
	}
	for _, tt := range tests {
		_, err := c.Path(MustParseVersion(tt.from), MustParseVersion(tt.to))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Path(%s, %s) error = %v, want one containing %q", tt.from, tt.to, err, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	c := loadT(t)
	for in, want := range map[string]string{"3.5": "3.5.36", "3.7": "3.7.4", "3.5.2": "3.5.2", "2.0": "2.0.13", "3.8": "3.8.0-alpha.0"} {
		got, err := c.Resolve(MustParseVersion(in))
		if err != nil || got.String() != want {
			t.Errorf("Resolve(%s) = %v, %v; want %s", in, got, err, want)
		}
	}
	if got := c.LatestStable().String(); got != "3.7.4" {
		t.Errorf("LatestStable = %s, want 3.7.4", got)
	}
}

func TestReleasesCoverEveryHop(t *testing.T) {
	c := loadT(t)
	var lines []string
	for _, r := range c.Releases() {
		lines = append(lines, r.Line)
	}
	want := "2.0 2.1 2.2 2.3 3.0 3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8"
	if got := strings.Join(lines, " "); got != want {
		t.Errorf("release lines = %s, want %s", got, want)
	}
}

// TestModuleQuery checks the version query the trial and the go get
// lines use: a patch the catalog pins, a move's own query, and the
// target version.
func TestModuleQuery(t *testing.T) {
	c := loadT(t)
	old := ImportMove{Module: "go.etcd.io/etcd", Version: "release-3.4"}
	raft := ImportMove{Module: "go.etcd.io/raft/v3", Version: "v{X.Y}.0"}
	client := ImportMove{Module: "go.etcd.io/etcd/client/v3"}
	for _, tc := range []struct {
		m      ImportMove
		target string
		want   string
	}{
		{old, "3.4.25", "v0.5.0-alpha.5.0.20230414071934-94593e63d45c"},
		{old, "3.4.45", "release-3.4"},
		{raft, "3.7.3", "v3.7.0"},
		{client, "3.5.35", "v3.5.35"},
	} {
		if got := c.ModuleQuery(tc.m, MustParseVersion(tc.target)); got != tc.want {
			t.Errorf("ModuleQuery(%s, %s) = %q, want %q", tc.m.Module, tc.target, got, tc.want)
		}
	}
}
