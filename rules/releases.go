package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A Release is one etcd minor release line.
type Release struct {
	// Line is the minor line, X.Y.
	Line string `toml:"line"`
	// Latest is the newest patch of the line the catalog knows.
	Latest string `toml:"latest"`
	// Stable is false for a line with pre-releases only.
	Stable bool `toml:"stable"`
	// Toolchain lists the Go toolchain the line's patches are built with,
	// each entry holding from its patch until the next entry.
	Toolchain []Toolchain `toml:"toolchain"`
	// Module lists module versions of patches that are not tagged with
	// the patch's own version (go.etcd.io/etcd before 3.5 is served only
	// as pseudo-versions of the tagged commits).
	Module []PatchModule `toml:"module"`

	line, latest Version
}

// ModuleQuery returns the version query that fetches m.Module at etcd
// target: the module version the catalog pins for the patch, else the
// move's own query ("{X.Y}" replaced by the target's minor line), else
// the target version itself.
func (c *Catalog) ModuleQuery(m ImportMove, target Version) string {
	if pinned, ok := c.ModuleVersion(m.Module, target); ok {
		return pinned
	}
	if m.Version == "" {
		return "v" + target.String()
	}
	return strings.ReplaceAll(m.Version, "{X.Y}", target.MinorLine().String())
}

// A PatchModule names the module version that holds one etcd patch.
type PatchModule struct {
	// Patch is the etcd patch, X.Y.Z.
	Patch string `toml:"patch"`
	// Path is the module path.
	Path string `toml:"path"`
	// Version is the module version of the patch's tagged commit.
	Version string `toml:"version"`
}

// ModuleVersion returns the version of module path that holds etcd
// patch v, when the catalog names one (see Release.Module).
func (c *Catalog) ModuleVersion(path string, v Version) (string, bool) {
	r, found := c.release(v)
	if !found || !v.HasPatch {
		return "", false
	}
	for _, m := range r.Module {
		if m.Path == path && m.Patch == v.String() {
			return m.Version, true
		}
	}
	return "", false
}

// A Toolchain is the Go release that builds etcd from one patch on, as
// the server module's go.mod toolchain (or go) directive names it.
type Toolchain struct {
	// From is the first patch (X.Y.Z) built with Go.
	From string `toml:"from"`
	// Go is the Go version, without the "go" prefix (1.23.7).
	Go string `toml:"go"`
}

// GoFor returns the Go version that builds etcd v, from the newest
// toolchain entry at or below v on its line; ok is false when the
// catalog does not say.
func (c *Catalog) GoFor(v Version) (goVersion string, ok bool) {
	r, found := c.release(v)
	if !found {
		return "", false
	}
	var best Version
	for _, t := range r.Toolchain {
		f, err := ParseVersion(t.From)
		if err != nil || v.Less(f) || (!best.IsZero() && f.Less(best)) {
			continue
		}
		best, goVersion, ok = f, t.Go, true
	}
	return goVersion, ok
}

// LineVersion returns the parsed Line.
func (r Release) LineVersion() Version { return r.line }

// LatestVersion returns the parsed Latest.
func (r Release) LatestVersion() Version { return r.latest }

// A Floor is a minimum patch a cluster must run before a minor hop.
type Floor struct {
	// Before is the minor line the hop goes to (X.Y).
	Before string `toml:"before"`
	// Min is the minimum version every member must run first.
	Min string `toml:"min"`
	// Rule is the ID of the rule that explains the floor.
	Rule string `toml:"rule"`
	// Condition, if set, says when the floor applies (e.g. "auth enabled").
	Condition string `toml:"condition"`
	// When, if set, is the condition in a form the live probe can test:
	// "auth" (auth is enabled) or "learners" (the cluster has a learner).
	When string `toml:"when"`
	// Reason says why, in a sentence.
	Reason string `toml:"reason"`

	before, min Version
}

// FloorConditions are the values a floor's When may take ("" for a floor
// that always applies).
var FloorConditions = []string{"", "auth", "learners"}

// BeforeVersion returns the parsed Before.
func (f Floor) BeforeVersion() Version { return f.before }

// MinVersion returns the parsed Min.
func (f Floor) MinVersion() Version { return f.min }

func (c *Catalog) index() error {
	var errs []error
	for i := range c.releases {
		r := &c.releases[i]
		var err error
		if r.line, err = ParseVersion(r.Line); err != nil || r.line.HasPatch {
			errs = append(errs, fmt.Errorf("release %q: line must be X.Y", r.Line))
			continue
		}
		if r.latest, err = ParseVersion(r.Latest); err != nil || !r.latest.HasPatch || !r.latest.SameMinor(r.line) {
			errs = append(errs, fmt.Errorf("release %s: latest %q must be a %s.Z version", r.Line, r.Latest, r.Line))
		}
		if r.Stable != (r.latest.Pre == "") {
			errs = append(errs, fmt.Errorf("release %s: stable must be true exactly when latest is not a pre-release", r.Line))
		}
	}
	slices.SortFunc(c.releases, func(a, b Release) int { return a.line.Compare(b.line) })
	for i := 1; i < len(c.releases); i++ {
		if c.releases[i].line == c.releases[i-1].line {
			errs = append(errs, fmt.Errorf("release %s listed twice", c.releases[i].Line))
		}
	}
	for i := range c.floors {
		f := &c.floors[i]
		var err error
		if f.before, err = ParseVersion(f.Before); err != nil || f.before.HasPatch {
			errs = append(errs, fmt.Errorf("floor before %q: must be X.Y", f.Before))
			continue
		}
		if f.min, err = ParseVersion(f.Min); err != nil || !f.min.HasPatch {
			errs = append(errs, fmt.Errorf("floor before %s: min %q must be X.Y.Z", f.Before, f.Min))
			continue
		}
		if prev, ok := c.previousLine(f.before); !ok || !f.min.SameMinor(prev) {
			errs = append(errs, fmt.Errorf("floor before %s: min %s is not on the line before it", f.Before, f.Min))
		}
		if c.byID[f.Rule] == nil {
			errs = append(errs, fmt.Errorf("floor before %s: unknown rule %q", f.Before, f.Rule))
		}
		if !slices.Contains(FloorConditions, f.When) {
			errs = append(errs, fmt.Errorf("floor before %s: when %q: want one of %q", f.Before, f.When, FloorConditions))
		}
		if (f.When == "") != (f.Condition == "") {
			errs = append(errs, fmt.Errorf("floor before %s: condition and when go together", f.Before))
		}
	}
	return errors.Join(errs...)
}

// Releases returns the known release lines, oldest first.
func (c *Catalog) Releases() []Release { return c.releases }

// Floors returns the patch floors, in catalog order.
func (c *Catalog) Floors() []Floor { return c.floors }

func (c *Catalog) release(line Version) (Release, bool) {
	for _, r := range c.releases {
		if r.line.SameMinor(line) {
			return r, true
		}
	}
	return Release{}, false
}

func (c *Catalog) previousLine(line Version) (Version, bool) {
	for i, r := range c.releases {
		if r.line.SameMinor(line) && i > 0 {
			return c.releases[i-1].line, true
		}
	}
	return Version{}, false
}

// LatestStable returns the newest patch of the newest stable line.
func (c *Catalog) LatestStable() Version {
	for i := len(c.releases) - 1; i >= 0; i-- {
		if c.releases[i].Stable {
			return c.releases[i].latest
		}
	}
	return Version{}
}

// Resolve turns a version into the exact release it names: X.Y becomes the
// newest patch of that line, X.Y.Z stays as it is. It is an error for a
// version to be on a line the catalog does not know or newer than the
// newest patch it knows.
func (c *Catalog) Resolve(v Version) (Version, error) {
	r, ok := c.release(v)
	if !ok {
		first, last := c.releases[0].line, c.releases[len(c.releases)-1].line
		if v.Less(first) {
			return Version{}, fmt.Errorf("etcd %s is older than %s, the oldest release line etcdlint knows", v, first)
		}
		return Version{}, fmt.Errorf("etcd %s is newer than this catalog knows (newest line %s, release %s): update etcdlint", v, last, c.releases[len(c.releases)-1].latest)
	}
	if !v.HasPatch {
		return r.latest, nil
	}
	if r.latest.Less(v) {
		return Version{}, fmt.Errorf("etcd %s is newer than this catalog knows (newest %s patch: %s): update etcdlint", v, r.Line, r.latest)
	}
	return v, nil
}

// A Step is one stage of an upgrade path.
type Step struct {
	From, To Version
	// Minor is true for a minor hop, false for a patch upgrade within a line.
	Minor bool
	// Floors lists the patch floors that require this step (patch steps)
	// or that this hop depends on (minor hops).
	Floors []Floor
	// Rules lists the rules whose change lands in this step, by ID.
	Rules []*Rule
}

// Path computes the supported upgrade path from one version to another:
// first the newest patch of the current line where a floor requires it,
// then one minor at a time, each minor hop landing on the newest patch of
// its line (the target's own patch for the last one).
//
// A from written X.Y means "some patch of X.Y": floors on that line are
// then reported as a patch step. Downgrades, unknown versions and targets
// newer than the catalog are errors.
func (c *Catalog) Path(from, to Version) ([]Step, error) {
	target, err := c.Resolve(to)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	cur := from
	if from.HasPatch {
		if cur, err = c.Resolve(from); err != nil {
			return nil, fmt.Errorf("from: %w", err)
		}
	} else if _, ok := c.release(from); !ok {
		if _, err := c.Resolve(from); err != nil {
			return nil, fmt.Errorf("from: %w", err)
		}
	}
	if cmp := cur.MinorLine().Compare(target.MinorLine()); cmp > 0 || (cmp == 0 && cur.HasPatch && target.Less(cur)) {
		return nil, fmt.Errorf("%s to %s is a downgrade: etcd cannot be downgraded by replacing binaries (see the etcd downgrade guide)", from, to)
	}
	var steps []Step
	for !cur.SameMinor(target) {
		rel, _ := c.release(cur)
		next, ok := c.nextLine(cur)
		if !ok {
			return nil, fmt.Errorf("no release line after %s in the catalog", cur.MinorLine())
		}
		floors := c.floorsBefore(next.line)
		var need []Floor
		for _, f := range floors {
			if !cur.HasPatch || cur.Less(f.min) {
				need = append(need, f)
			}
		}
		// Move to the newest patch first: the policy for every hop, and a
		// hard requirement where a floor names a minimum.
		if patchTo := rel.latest; !cur.HasPatch || cur.Less(patchTo) {
			steps = append(steps, Step{From: cur, To: patchTo, Floors: need, Rules: c.stepRules(cur, patchTo)})
			cur = patchTo
		}
		to := next.latest
		if next.line.SameMinor(target) {
			to = target
		}
		steps = append(steps, Step{From: cur, To: to, Minor: true, Floors: floors, Rules: c.stepRules(cur, to)})
		cur = to
	}
	if cur.Less(target) || !cur.HasPatch {
		steps = append(steps, Step{From: cur, To: target, Rules: c.stepRules(cur, target)})
	}
	return steps, nil
}

func (c *Catalog) nextLine(v Version) (Release, bool) {
	for i, r := range c.releases {
		if r.line.SameMinor(v) && i+1 < len(c.releases) {
			return c.releases[i+1], true
		}
	}
	return Release{}, false
}

func (c *Catalog) floorsBefore(line Version) []Floor {
	var out []Floor
	for _, f := range c.floors {
		if f.before.SameMinor(line) {
			out = append(out, f)
		}
	}
	return out
}

// stepRules returns the hop-specific rules that apply between from and to.
// A minor-only from counts as X.Y.0.
func (c *Catalog) stepRules(from, to Version) []*Rule {
	f := from
	f.HasPatch = true
	var out []*Rule
	for _, r := range c.rules {
		if !r.EveryHop() && r.Applies(f, to) {
			out = append(out, r)
		}
	}
	return out
}

// EveryHopRules returns the rules that apply to every upgrade.
func (c *Catalog) EveryHopRules() []*Rule {
	var out []*Rule
	for _, r := range c.rules {
		if r.EveryHop() {
			out = append(out, r)
		}
	}
	return out
}
