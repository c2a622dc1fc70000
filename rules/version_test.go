package rules

import "testing"

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"3.5", Version{Major: 3, Minor: 5}},
		{"v3.5", Version{Major: 3, Minor: 5}},
		{"3.5.17", Version{Major: 3, Minor: 5, Patch: 17, HasPatch: true}},
		{"v3.5.17", Version{Major: 3, Minor: 5, Patch: 17, HasPatch: true}},
		{"2.0.0", Version{Major: 2, HasPatch: true}},
		{"3.8.0-alpha.0", Version{Major: 3, Minor: 8, HasPatch: true, Pre: "alpha.0"}},
		{"v3.1.20+incompatible", Version{Major: 3, Minor: 1, Patch: 20, HasPatch: true}},
		{" 3.6.1 ", Version{Major: 3, Minor: 6, Patch: 1, HasPatch: true}},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseVersion(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseVersionInvalid(t *testing.T) {
	for _, in := range []string{
		"", "3", "v", "3.", ".5", "3.5.", "3.5.1.2", "3.x", "3.5.a", "-3.5", "3.-5",
		"03.5", "3.05", "3.5.01", "3.5-alpha", "3.5.0-", "3.5.0-al pha", "3.5.0-ä", "latest", "3.5 .1",
	} {
		if v, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) = %v, want error", in, v)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	ordered := []string{
		"2.0.0", "2.0.3", "2.1.0", "3.0.17", "3.2.9", "3.2.10", "3.5.0", "3.5.32",
		"3.8.0-alpha.0", "3.8.0-alpha.1", "3.8.0-alpha.10", "3.8.0-beta", "3.8.0-rc.0", "3.8.0", "3.10.0",
	}
	for i := range ordered {
		for j := range ordered {
			a, b := MustParseVersion(ordered[i]), MustParseVersion(ordered[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%s.Compare(%s) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestVersionString(t *testing.T) {
	for _, s := range []string{"3.5", "3.5.17", "3.8.0-alpha.0", "2.0.0"} {
		if got := MustParseVersion(s).String(); got != s {
			t.Errorf("String() = %q, want %q", got, s)
		}
	}
	if got := MustParseVersion("v3.4").String(); got != "3.4" {
		t.Errorf("String() = %q, want 3.4", got)
	}
}
