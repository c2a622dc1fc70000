package rules

import (
	"fmt"
	"strings"
)

// A Flag is one etcd server setting as it existed across versions: its
// command-line flag, its --config-file YAML key and its ETCD_* variable.
type Flag struct {
	// Name is the command-line flag name without dashes.
	Name string `toml:"name"`
	// Added is the first version that accepts the flag.
	Added string `toml:"added"`
	// Removed is the first version that rejects it (empty: still there).
	Removed string `toml:"removed"`
	// Gaps lists inclusive version ranges "A-B" between Added and Removed
	// whose releases lack the flag (a flag backported to a late patch of
	// one minor that reached the next minor only in a later patch).
	Gaps []string `toml:"gaps"`
	// GapRule is the rule reported when the target falls in a gap.
	GapRule string `toml:"gap_rule"`
	// Type is the flag's value type: bool, string or urls. Bool flags take
	// no separate argument on the command line.
	Type string `toml:"type"`
	// YAML is the --config-file key when it differs from Name: "-" for
	// none, a dotted key for a nested one (client-transport-security.cert-file).
	YAML string `toml:"yaml"`
	// RenamedTo names the flag that replaces it, if any.
	RenamedTo string `toml:"renamed_to"`
	// Gate is true for a boolean experimental flag that 3.6 replaced by a
	// --feature-gates gate; [Flag.FeatureGate] derives the gate's name.
	Gate bool `toml:"feature_gate"`
	// Rule is the ID of the rule reported when the flag is removed or renamed.
	Rule string `toml:"rule"`
	// Deprecated is the version that deprecates the flag (it still works).
	Deprecated string `toml:"deprecated"`
	// DeprecatedRule is the rule reported while the flag is deprecated.
	DeprecatedRule string `toml:"deprecated_rule"`
	// Defaults lists the flag's default value from each version on where
	// it changed (or is worth stating).
	Defaults []FlagDefault `toml:"defaults"`
	// Ignored marks the 0.4-era flags etcd accepts and ignores.
	Ignored bool `toml:"ignored"`
	// Safety marks a flag that turns on a check guarding the data
	// (corruption checks, lease checkpoints): a release that silently
	// drops it turns off what the operator asked for.
	Safety bool `toml:"safety"`
}

// A FlagDefault is a flag's default value from one version on.
type FlagDefault struct {
	Since string `toml:"since"`
	Value string `toml:"value"`
}

// YAMLKey returns the flag's --config-file key ("" when it has none).
func (f *Flag) YAMLKey() string {
	switch f.YAML {
	case "":
		return f.Name
	case "-":
		return ""
	}
	return f.YAML
}

// EnvName returns the flag's environment variable (ETCD_DATA_DIR).
func (f *Flag) EnvName() string {
	return "ETCD_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
}

// In reports whether version v (resolved, X.Y.Z) accepts the flag.
func (f *Flag) In(v Version) bool {
	v.HasPatch = true
	v.Pre = ""
	added, err := ParseVersion(f.Added)
	if err != nil || v.Less(patched(added)) {
		return false
	}
	if f.Removed != "" {
		removed, err := ParseVersion(f.Removed)
		if err == nil && !v.Less(patched(removed)) {
			return false
		}
	}
	return !f.InGap(v)
}

// InGap reports whether v falls in one of the flag's gaps.
func (f *Flag) InGap(v Version) bool {
	v.HasPatch = true
	v.Pre = ""
	for _, g := range f.Gaps {
		lo, hi, err := parseRange(g)
		if err == nil && !v.Less(lo) && !hi.Less(v) {
			return true
		}
	}
	return false
}

// DefaultAt returns the flag's default at version v and whether one is known.
func (f *Flag) DefaultAt(v Version) (string, bool) {
	val, ok := "", false
	for _, d := range f.Defaults {
		s, err := ParseVersion(d.Since)
		if err == nil && !v.Less(patched(s)) {
			val, ok = d.Value, true
		}
	}
	return val, ok
}

// FeatureGate returns the name of the --feature-gates gate that replaced
// the flag, or "" if none. etcd 3.6 named each gate after its experimental
// flag: the flag name without "experimental-", a leading "enable-" and a
// trailing "-enabled", in CamelCase with gRPC written GRPC
// (experimental-enable-lease-checkpoint-persist: LeaseCheckpointPersist).
// The config checker's tests compare every derived name with the gates of
// the linked etcd.
func (f *Flag) FeatureGate() string {
	if !f.Gate {
		return ""
	}
	n := strings.TrimPrefix(f.Name, "experimental-")
	n = strings.TrimPrefix(n, "enable-")
	n = strings.TrimSuffix(n, "-enabled")
	var b strings.Builder
	for _, w := range strings.Split(n, "-") {
		switch {
		case w == "":
		case w == "grpc":
			b.WriteString("GRPC")
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// Validate checks the row: versions, gaps and type parse.
func (f *Flag) Validate() error {
	if f.Name == "" {
		return fmt.Errorf("flag with no name")
	}
	if _, err := ParseVersion(f.Added); err != nil {
		return fmt.Errorf("flag %s: added: %w", f.Name, err)
	}
	if f.Removed != "" {
		if _, err := ParseVersion(f.Removed); err != nil {
			return fmt.Errorf("flag %s: removed: %w", f.Name, err)
		}
	}
	for _, g := range f.Gaps {
		if _, _, err := parseRange(g); err != nil {
			return fmt.Errorf("flag %s: gap: %w", f.Name, err)
		}
	}
	switch f.Type {
	case "bool", "string", "urls":
	default:
		return fmt.Errorf("flag %s: type %q: want bool, string or urls", f.Name, f.Type)
	}
	if f.Gate && (f.Type != "bool" || !strings.HasPrefix(f.Name, "experimental-")) {
		return fmt.Errorf("flag %s: only boolean experimental flags became feature gates", f.Name)
	}
	for _, d := range f.Defaults {
		if _, err := ParseVersion(d.Since); err != nil {
			return fmt.Errorf("flag %s: default since: %w", f.Name, err)
		}
	}
	return nil
}

func patched(v Version) Version {
	v.HasPatch = true
	return v
}

func parseRange(s string) (lo, hi Version, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return lo, hi, fmt.Errorf("range %q: want A-B", s)
	}
	if lo, err = ParseVersion(a); err != nil {
		return lo, hi, err
	}
	if hi, err = ParseVersion(b); err != nil {
		return lo, hi, err
	}
	return patched(lo), patched(hi), nil
}
