package configcheck

import (
	"context"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// Resolved is one setting of a checked invocation as the checker read
// it: variables and specifiers expanded, drop-ins merged.
type Resolved struct {
	// Surface is "flag", "env", "yaml" or "arg" (a word that is not a
	// flag).
	Surface string
	// Name is the name as written (flag without dashes, variable, YAML
	// key path).
	Name string
	// Flag is the catalog's flag name for the setting ("" when no
	// version knows it).
	Flag  string
	Value string
	Bare  bool
	Line  int
}

// Invocation is one way a checked input starts etcd, with the findings
// the checker reported for it.
type Invocation struct {
	File     string
	Line     int
	What     string
	Image    string
	Deployed string // the version the deployment names ("" when none)
	From     string // the version the checks took as from (given, deployed or assumed)
	// Subcommand is "grpc-proxy" or "gateway" for those commands (their
	// words are then in Settings as "arg").
	Subcommand string
	// ConfigFile is set for a config-file invocation: its content.
	ConfigFile []byte
	Settings   []Resolved
	Findings   []report.Finding
}

// RunInvocations runs the checker and returns, with its result, every
// invocation it checked.
func RunInvocations(ctx context.Context, opts Options) (*Result, []Invocation, error) {
	var out []Invocation
	opts.observe = func(inv *invocation, from rules.Version, findings []report.Finding) {
		x := Invocation{File: inv.src.name, Line: inv.start.line, What: inv.what, Image: inv.image.raw, From: from.String(), Findings: findings}
		if !inv.deployed.IsZero() {
			x.Deployed = inv.deployed.String()
		}
		if inv.yamlFile != nil {
			x.ConfigFile = append([]byte(nil), inv.src.data...)
		}
		add := func(surf string, list []*setting) {
			for _, s := range list {
				rs := Resolved{Surface: surf, Name: s.name, Value: s.value, Bare: s.bare, Line: s.at.line}
				if s.flag != nil {
					rs.Flag = s.flag.Name
				}
				x.Settings = append(x.Settings, rs)
			}
		}
		x.Subcommand = inv.sub
		for _, w := range inv.subArgs {
			x.Settings = append(x.Settings, Resolved{Surface: "arg", Name: w.text, Line: w.in(inv.src).posOf(w.off).line})
		}
		add("flag", inv.flags)
		add("arg", inv.positional)
		add("env", inv.env)
		add("yaml", inv.yaml)
		out = append(out, x)
	}
	res, err := Run(ctx, opts)
	return res, out, err
}

// SubFlagTakesValue reports whether a flag of etcd grpc-proxy start or
// etcd gateway start takes a value (false for bool and unknown flags).
func SubFlagTakesValue(sub, name string) bool {
	f, ok := lookupSubFlag(sub, name)
	return ok && !f.isBool
}
