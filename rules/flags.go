package rules

// A Flag is one etcd server setting as it existed across versions: its
// command-line flag, its --config-file YAML key and its ETCD_* variable.
type Flag struct {
	// Name is the command-line flag name without dashes.
	Name string `toml:"name"`
	// Added is the first version that accepts the flag.
	Added string `toml:"added"`
	// Removed is the first version that rejects it (empty: still there).
	Removed string `toml:"removed"`
	// RenamedTo names the flag that replaces it, if any.
	RenamedTo string `toml:"renamed_to"`
	// Rule is the ID of the rule reported when the flag is removed or renamed.
	Rule string `toml:"rule"`
}
