package rules

// An ImportMove is one entry of the import-path mapping table: Go packages
// under Old moved to New in etcd Since. Old and New are path prefixes
// matched on whole path elements; the longest matching Old wins.
type ImportMove struct {
	Old   string `toml:"old"`
	New   string `toml:"new"`
	Since string `toml:"since"`
	// Rule is the ID of the rule reported for this move.
	Rule string `toml:"rule"`
	// Module is the module that provides New from Since, for the
	// `go get` line the user must run (empty when New is in the same
	// module as before).
	Module string `toml:"module"`
	// Version is the version query for that `go get` line when it is not
	// the target etcd version itself: "{X.Y}" in it is replaced by the
	// target's minor line (go.etcd.io/raft/v3 is versioned per minor),
	// and a fixed query such as "release-3.4" or "v2.305.35" names
	// modules that are not tagged with etcd's version.
	Version string `toml:"version"`
	// Removed is true when Old has no replacement at all (New is empty).
	Removed bool `toml:"removed"`
}
