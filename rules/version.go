package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// A Version is an etcd release version: "3.5", "3.5.17", "v3.8.0-alpha.0".
//
// A Version written with two components (X.Y) names a minor release line;
// when compared, it stands for the newest patch of that line the catalog
// knows (see [Catalog.Resolve]). HasPatch reports which form was written.
type Version struct {
	Major, Minor, Patch int
	// Pre is the pre-release suffix without its leading dash ("alpha.0"),
	// empty for a final release.
	Pre string
	// HasPatch is false for a minor-only version such as "3.5".
	HasPatch bool
}

// ParseVersion parses an etcd version: X.Y or X.Y.Z, with an optional
// leading "v" and, for X.Y.Z, an optional pre-release suffix
// ("3.8.0-alpha.0"). Build metadata ("+incompatible") is accepted and
// dropped, so Go module versions of etcd parse too.
func ParseVersion(s string) (Version, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	var v Version
	core := s
	if i := strings.IndexByte(s, '-'); i >= 0 {
		core, v.Pre = s[:i], s[i+1:]
		if v.Pre == "" || strings.Trim(v.Pre, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != "" {
			return Version{}, fmt.Errorf("invalid etcd version %q: bad pre-release suffix", orig)
		}
	}
	parts := strings.Split(core, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("invalid etcd version %q: want X.Y or X.Y.Z", orig)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("invalid etcd version %q: %q is not a number", orig, p)
		}
		nums[i] = n
	}
	v.Major, v.Minor = nums[0], nums[1]
	if len(nums) == 3 {
		v.Patch, v.HasPatch = nums[2], true
	} else if v.Pre != "" {
		return Version{}, fmt.Errorf("invalid etcd version %q: a pre-release needs X.Y.Z", orig)
	}
	return v, nil
}

// MustParseVersion is like [ParseVersion] but panics on error. It is meant
// for constants in tests and tables, never for user input.
func MustParseVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// String returns the version in canonical form, without a leading "v".
func (v Version) String() string {
	if !v.HasPatch {
		return fmt.Sprintf("%d.%d", v.Major, v.Minor)
	}
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

// IsZero reports whether v is the zero Version (0.0 with no patch).
func (v Version) IsZero() bool { return v == Version{} }

// MinorLine returns the X.Y minor line v belongs to.
func (v Version) MinorLine() Version { return Version{Major: v.Major, Minor: v.Minor} }

// SameMinor reports whether v and w are on the same X.Y line.
func (v Version) SameMinor(w Version) bool { return v.Major == w.Major && v.Minor == w.Minor }

// Compare orders versions: -1 if v < w, 0 if equal, +1 if v > w.
// A minor-only version compares as X.Y.0 (use [Catalog.Resolve] first
// where "X.Y" must mean the newest patch). A pre-release sorts before its
// final release; pre-release identifiers compare as semver does.
func (v Version) Compare(w Version) int {
	for _, d := range [...]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		if d != 0 {
			return sign(d)
		}
	}
	return comparePre(v.Pre, w.Pre)
}

// Less reports whether v sorts before w.
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// AtLeast reports whether v >= w.
func (v Version) AtLeast(w Version) bool { return v.Compare(w) >= 0 }

func sign(d int) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

func comparePre(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		an, aerr := strconv.Atoi(as[i])
		bn, berr := strconv.Atoi(bs[i])
		switch {
		case aerr == nil && berr == nil:
			if an != bn {
				return sign(an - bn)
			}
		case aerr == nil:
			return -1 // numeric identifiers sort before alphanumeric ones
		case berr == nil:
			return 1
		default:
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
		}
	}
	return sign(len(as) - len(bs))
}
