package rules

//go:generate go run ../analyzers/internal/apigen -o data/api-changes.toml

import (
	"fmt"
	"strings"
)

// An APIGroup is one group of the generated API change table
// (data/api-changes.toml): the changes to one package's exported API
// between two consecutive releases compared.
type APIGroup struct {
	// Package is the package's canonical name ("clientv3", "embed",
	// "etcdserver/etcdserverpb" ...: its path relative to go.etcd.io/etcd/
	// as of etcd 3.4).
	Package string `toml:"package"`
	// Since is the release the changes land in; Prev the release before it
	// that was compared.
	Since string `toml:"since"`
	Prev  string `toml:"prev"`
	// Removed, Changed and Gained are the entries: "kind Name" and, for
	// Changed, ": old -> new" (see APIChange).
	Removed []string `toml:"removed"`
	Changed []string `toml:"changed"`
	Gained  []string `toml:"gained"`
}

// APIChangeKind says how an exported name changed.
type APIChangeKind string

// The kinds of API change.
const (
	// APIRemoved: the name is gone.
	APIRemoved APIChangeKind = "removed"
	// APIChanged: the name's type, signature or kind changed.
	APIChanged APIChangeKind = "changed"
	// APIReceiver: a method's receiver changed between value and pointer.
	APIReceiver APIChangeKind = "receiver"
	// APIGained: an interface gained the method.
	APIGained APIChangeKind = "gained"
)

// An APIChange is one entry of the generated API change table.
type APIChange struct {
	Package     string
	Since, Prev Version
	Change      APIChangeKind
	// Kind is the declaration's kind in Prev (in Since for gained
	// methods): func, method, imethod (interface method), field, var,
	// const, type, alias.
	Kind string
	// Type is the type a field or method belongs to ("" for package-level
	// names); Name is the name.
	Type, Name string
	// Old and New are the declarations' types or signatures, with
	// packages qualified by canonical etcd name or import path; for
	// methods they start with "ptr " or "val " (the receiver).
	Old, New string
}

// Lands returns the release the change is taken to land in: Since for a
// comparison inside one release line, else the line's first release
// (X.Y.0): the change lies somewhere between Prev and Since, and a
// comparison across lines cannot tell which patch.
func (a APIChange) Lands() Version {
	if a.Prev.SameMinor(a.Since) {
		return a.Since
	}
	return Version{Major: a.Since.Major, Minor: a.Since.Minor, HasPatch: true}
}

// Member returns Type.Name, or Name for a package-level name.
func (a APIChange) Member() string {
	if a.Type == "" {
		return a.Name
	}
	return a.Type + "." + a.Name
}

// A GoDirectives entry lists, for every release of one module, the go
// directive of its go.mod ("3.5.34 go1.26").
type GoDirectives struct {
	Module   string   `toml:"module"`
	Versions []string `toml:"versions"`
}

func parseAPIGroup(g APIGroup) ([]APIChange, error) {
	since, err := ParseVersion(g.Since)
	if err != nil {
		return nil, fmt.Errorf("api %s: since: %w", g.Package, err)
	}
	prev, err := ParseVersion(g.Prev)
	if err != nil {
		return nil, fmt.Errorf("api %s: prev: %w", g.Package, err)
	}
	if !prev.Less(since) {
		return nil, fmt.Errorf("api %s %s: prev %s is not before since", g.Package, g.Since, g.Prev)
	}
	var out []APIChange
	add := func(change APIChangeKind, s string) error {
		c := APIChange{Package: g.Package, Since: since, Prev: prev, Change: change}
		head, types, hasTypes := strings.Cut(s, ": ")
		kind, name, ok := strings.Cut(head, " ")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return fmt.Errorf("api %s %s: malformed entry %q", g.Package, g.Since, s)
		}
		c.Kind = kind
		if typ, member, ok := strings.Cut(name, "."); ok {
			c.Type, c.Name = typ, member
		} else {
			c.Name = name
		}
		if change == APIChanged {
			if !hasTypes {
				return fmt.Errorf("api %s %s: changed entry %q has no \": old -> new\"", g.Package, g.Since, s)
			}
			c.Old, c.New, ok = strings.Cut(types, " -> ")
			if !ok {
				return fmt.Errorf("api %s %s: changed entry %q has no \" -> \"", g.Package, g.Since, s)
			}
			if kind == "method" && len(c.Old) > 4 && len(c.New) > 4 && c.Old[4:] == c.New[4:] {
				c.Change = APIReceiver
			}
		} else if hasTypes {
			return fmt.Errorf("api %s %s: entry %q: only changed entries have types", g.Package, g.Since, s)
		}
		out = append(out, c)
		return nil
	}
	for _, lists := range []struct {
		change APIChangeKind
		xs     []string
	}{{APIRemoved, g.Removed}, {APIChanged, g.Changed}, {APIGained, g.Gained}} {
		for _, s := range lists.xs {
			if err := add(lists.change, s); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// APIChanges returns the generated API change table, in file order.
func (c *Catalog) APIChanges() []APIChange { return c.api }

// GoDirective returns the go directive module declares at version v
// ("1.26"), and false when the table does not list that release.
func (c *Catalog) GoDirective(module string, v Version) (string, bool) {
	for _, d := range c.goDirectives {
		if d.Module != module {
			continue
		}
		for _, e := range d.Versions {
			ver, goVer, ok := strings.Cut(e, " go")
			if ok && ver == v.String() {
				return goVer, true
			}
		}
	}
	return "", false
}

// GoDirectiveReleases returns the releases of module the table lists, in
// order, each with its go directive.
func (c *Catalog) GoDirectiveReleases(module string) (versions []Version, goVersions []string) {
	for _, d := range c.goDirectives {
		if d.Module != module {
			continue
		}
		for _, e := range d.Versions {
			ver, goVer, ok := strings.Cut(e, " go")
			v, err := ParseVersion(ver)
			if ok && err == nil {
				versions = append(versions, v)
				goVersions = append(goVersions, goVer)
			}
		}
	}
	return versions, goVersions
}
