// Package rules is etcdlint's catalog of etcd upgrade breakages and the
// version model they are keyed on.
//
// The catalog is data: TOML files under data/, embedded in the binary and
// decoded strictly. Each [Rule] has a stable ID that the code analyzers,
// the config checker, the live probe, the plan and the generated docs all
// refer to. The same files hold the release lines etcd has shipped, the
// patch floors some hops require, and the tables (import paths, flags) the
// detectors are driven by.
package rules

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/tomlx"
)

//go:embed data/*.toml
var dataFS embed.FS

// Severity is how bad a finding is.
type Severity int

// Severities, from least to most severe.
const (
	// Info is for awareness: nothing breaks.
	Info Severity = iota + 1
	// Warning is for behaviour that changes silently.
	Warning
	// Error is for what the upgrade breaks: a build, a start, data.
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

// ParseSeverity parses "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n != "" && n == s {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("invalid severity %q: want error, warning or info", s)
}

// String returns the severity's name.
func (s Severity) String() string {
	if s >= Info && s <= Error {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// A Surface is a place an upgrade breakage shows up.
type Surface string

// The surfaces a rule can concern.
const (
	ClientAPI  Surface = "client-go-api" // Go code using the etcd client, api or pkg modules
	EmbedAPI   Surface = "embed-go-api"  // Go code embedding the server (embed, etcdserver, raft, wal ...)
	ServerFlag Surface = "server-flag"   // etcd command-line flags
	ConfigKey  Surface = "config-key"    // keys of the --config-file YAML
	EnvVar     Surface = "env-var"       // ETCD_* environment variables
	DataDir    Surface = "data-dir"      // a member's data directory on disk
	Live       Surface = "live-cluster"  // what a running cluster reports (API, metrics, health)
	Ops        Surface = "ops-procedure" // the upgrade procedure, tooling and scripts
)

// Surfaces lists every valid surface.
var Surfaces = []Surface{ClientAPI, EmbedAPI, ServerFlag, ConfigKey, EnvVar, DataDir, Live, Ops}

// A Detector is the part of etcdlint that finds a rule's problem.
type Detector string

// The detectors a rule can claim.
const (
	DetectCode    Detector = "code"    // the Go analyzers (etcdlint code)
	DetectConfig  Detector = "config"  // the config checker (etcdlint config)
	DetectProbe   Detector = "probe"   // the live cluster probe (etcdlint probe --endpoints)
	DetectDataDir Detector = "datadir" // the offline data-dir inspection (etcdlint probe --data-dir)
	DetectPlan    Detector = "plan"    // version arithmetic in the upgrade plan (etcdlint plan)
)

// Detectors lists every valid detector.
var Detectors = []Detector{DetectCode, DetectConfig, DetectProbe, DetectDataDir, DetectPlan}

// A Rule is one catalogued upgrade breakage.
type Rule struct {
	// ID is short, stable and never reused: E, a letter for the area
	// (C Go code, S server configuration, D data dir, O operations,
	// A API endpoints and metrics, T tooling, V security advisories
	// fixed in a patch), two digits for the minor
	// the change lands in (32 for 3.2, 00 for every hop) and a serial.
	ID string `toml:"id"`
	// Ref is the item's key in the breaking-changes research this rule
	// came from (e.g. ETCD32-CLIENT-GRPCLOG-LOGGERV2).
	Ref string `toml:"ref"`
	// Title is a lowercase one-line summary without a final period.
	Title string `toml:"title"`
	// Since is the version the change takes effect in: X.Y, or X.Y.Z
	// where the patch matters. Empty for rules that apply to every hop.
	Since string `toml:"since"`
	// Until, if set, is the first version where the change no longer
	// applies (a regression fixed in a later patch).
	Until    string    `toml:"until"`
	Surfaces []Surface `toml:"surfaces"`
	Severity Severity  `toml:"severity"`
	// Changed says what changed, in one or more sentences.
	Changed string `toml:"changed"`
	// Action says what to do about it.
	Action string `toml:"action"`
	// AutoFix is true when etcdlint can rewrite the input mechanically.
	AutoFix bool `toml:"autofix"`
	// Source is the primary source's URL.
	Source string `toml:"source"`
	// Detectors lists the parts of etcdlint that report this rule; empty
	// for checklist-only rules shown by the plan.
	Detectors []Detector `toml:"detectors"`
	// Before and After illustrate the change (code, flags or commands).
	Before string `toml:"before"`
	After  string `toml:"after"`

	since, until Version
}

// SinceVersion returns the parsed Since (zero for every-hop rules).
func (r *Rule) SinceVersion() Version { return r.since }

// UntilVersion returns the parsed Until (zero when unset).
func (r *Rule) UntilVersion() Version { return r.until }

// EveryHop reports whether the rule applies to every upgrade hop.
func (r *Rule) EveryHop() bool { return r.Since == "" }

// HasDetector reports whether the rule claims detector d.
func (r *Rule) HasDetector(d Detector) bool { return slices.Contains(r.Detectors, d) }

// HasSurface reports whether the rule concerns surface s.
func (r *Rule) HasSurface(s Surface) bool { return slices.Contains(r.Surfaces, s) }

// URL is the rule's entry in the generated rule documentation.
func (r *Rule) URL() string { return DocsURL + "#" + strings.ToLower(r.ID) }

// DocsURL is where the generated rule documentation is published.
const DocsURL = "https://github.com/etcdlint/etcdlint/blob/main/docs/rules.md"

// Applies reports whether the rule concerns an upgrade from one version to
// another: the change lands after from and at or before to. Both must be
// resolved (X.Y.Z); every-hop rules always apply.
func (r *Rule) Applies(from, to Version) bool {
	if r.EveryHop() {
		return true
	}
	since := r.since
	if !since.HasPatch {
		since.HasPatch = true // X.Y lands in X.Y.0
	}
	if !from.Less(since) || to.Less(since) {
		return false
	}
	if !r.until.IsZero() && !to.Less(r.until) && !from.Less(r.until) {
		return false
	}
	return true
}

// A Catalog is the loaded rule catalog.
type Catalog struct {
	rules    []*Rule
	byID     map[string]*Rule
	releases []Release
	floors   []Floor
	imports  []ImportMove
	flags    []Flag
	// api is the generated API change table; goDirectives the go
	// directive of every release of the client modules.
	api          []APIChange
	goDirectives []GoDirectives
}

// catalogFile is the shape of every file under data/.
type catalogFile struct {
	Rule    []*Rule        `toml:"rule"`
	Release []Release      `toml:"release"`
	Floor   []Floor        `toml:"floor"`
	Import  []ImportMove   `toml:"import"`
	Flag    []Flag         `toml:"flag"`
	API     []APIGroup     `toml:"api"`
	GoDir   []GoDirectives `toml:"godirective"`
}

// Load decodes and validates the embedded catalog.
func Load() (*Catalog, error) {
	return LoadFS(dataFS, "data")
}

// LoadFS decodes and validates the catalog files (*.toml) in directory dir
// of fsys. It exists so tests can load broken catalogs.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("listing catalog files: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no catalog files in %s", dir)
	}
	c := &Catalog{byID: map[string]*Rule{}}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading catalog: %w", err)
		}
		var f catalogFile
		if _, err := tomlx.Decode(name, data, &f); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, r := range f.Rule {
			if err := r.validate(); err != nil {
				errs = append(errs, fmt.Errorf("%s: rule %s: %w", name, r.ID, err))
				continue
			}
			if _, dup := c.byID[r.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: rule %s: duplicate ID", name, r.ID))
				continue
			}
			c.byID[r.ID] = r
			c.rules = append(c.rules, r)
		}
		c.releases = append(c.releases, f.Release...)
		c.floors = append(c.floors, f.Floor...)
		c.imports = append(c.imports, f.Import...)
		c.flags = append(c.flags, f.Flag...)
		c.goDirectives = append(c.goDirectives, f.GoDir...)
		for _, g := range f.API {
			changes, err := parseAPIGroup(g)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				continue
			}
			c.api = append(c.api, changes...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	slices.SortFunc(c.rules, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

// Rules returns every rule, sorted by ID.
func (c *Catalog) Rules() []*Rule { return c.rules }

// Rule returns the rule with the given ID, or nil.
func (c *Catalog) Rule(id string) *Rule { return c.byID[id] }

// Imports returns the import-path moves, in catalog order.
func (c *Catalog) Imports() []ImportMove { return c.imports }

// Flags returns the server flag table, in catalog order.
func (c *Catalog) Flags() []Flag { return c.flags }

var (
	idRE    = regexp.MustCompile(`^E[CSDOATV](00|2[0-3]|3[0-8])\d\d$`)
	refRE   = regexp.MustCompile(`^ETCD(XX|\d\d)-[A-Z0-9.-]+$`)
	titleRE = regexp.MustCompile(`^[a-z0-9-]`)
)

func (r *Rule) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idRE.MatchString(r.ID) {
		bad("id %q does not match %s", r.ID, idRE)
	}
	if r.Ref != "" && !refRE.MatchString(r.Ref) {
		bad("ref %q does not match %s", r.Ref, refRE)
	}
	switch t := r.Title; {
	case t == "":
		bad("title is empty")
	case strings.HasSuffix(t, "."):
		bad("title ends with a period")
	case !titleRE.MatchString(t) && !strings.HasPrefix(t, "--") && !strings.Contains(strings.Fields(t)[0], "."):
		bad("title %q must start lowercase (or with an identifier)", t)
	}
	if r.Since != "" {
		v, err := ParseVersion(r.Since)
		if err != nil {
			bad("since: %v", err)
		}
		r.since = v
		if len(r.ID) == 6 && r.ID[2:4] != fmt.Sprintf("%d%d", v.Major, v.Minor) {
			bad("id %s does not match since %s (want E%c%d%d..)", r.ID, r.Since, r.ID[1], v.Major, v.Minor)
		}
	} else if len(r.ID) == 6 && r.ID[2:4] != "00" {
		bad("since is empty but id %s names a minor", r.ID)
	}
	if r.Until != "" {
		v, err := ParseVersion(r.Until)
		if err != nil {
			bad("until: %v", err)
		}
		r.until = v
		if !r.since.Less(v) {
			bad("until %s is not after since %s", r.Until, r.Since)
		}
	}
	if len(r.Surfaces) == 0 {
		bad("no surfaces")
	}
	for _, s := range r.Surfaces {
		if !slices.Contains(Surfaces, s) {
			bad("unknown surface %q", s)
		}
	}
	for _, d := range r.Detectors {
		if !slices.Contains(Detectors, d) {
			bad("unknown detector %q", d)
		}
	}
	if r.Severity == 0 {
		bad("no severity")
	}
	if strings.TrimSpace(r.Changed) == "" {
		bad("changed is empty")
	}
	if a := strings.TrimSpace(r.Action); a == "" || !strings.HasSuffix(a, ".") {
		bad("action must be a sentence ending in a period")
	}
	if !strings.HasPrefix(r.Source, "https://") {
		bad("source %q is not an https URL", r.Source)
	}
	return errors.Join(errs...)
}
