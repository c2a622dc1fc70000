// Package configcheck checks how etcd members are configured against a
// target etcd version: command lines, systemd units, Kubernetes
// manifests, compose files, ETCD_* env files and --config-file YAML.
//
// Each input file's kind is detected by content. Settings are read the
// way etcd reads them (Go flag syntax, ETCD_* variables from
// pkg/flags.FlagToEnv, YAML through sigs.k8s.io/yaml with keys matched
// case-insensitively) while positions come from the YAML node tree, so
// every finding has a file, line and column. The checks are driven by the
// rule catalog and its server flag table; for the etcd version linked
// into etcdlint the flag set comes from go.etcd.io/etcd/server/v3/embed
// itself and the parsed settings also go through embed.Config.Validate.
package configcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// Options configures a Run.
type Options struct {
	// Paths lists files or directories (walked); "-" reads Stdin.
	Paths []string
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Root is the directory absolute paths written in the inputs are
	// taken relative to (a copy of a node's file system): with Root
	// ./node1, EnvironmentFile=/etc/etcd.env means ./node1/etc/etcd.env.
	// Files are read only inside Paths all the same.
	Root string
	// From is the version the members run now (X.Y or X.Y.Z). Empty
	// means unknown: each file is then assumed to come from the oldest
	// version that accepts all of its settings, and the report says so.
	From string
	// Target is the resolved version to upgrade to (X.Y.Z).
	Target string
	// Catalog is the loaded rule catalog.
	Catalog *rules.Catalog
	// Fix writes migrated YAML and env files in place.
	Fix bool
	// Diff returns the migration as a unified diff instead of writing it.
	Diff bool

	// FixAfterUpgrade lets Fix and Diff write forms only the target
	// accepts, for when every member runs it. Without it a fix writes
	// only what both the from and the target version accept, so that it
	// is safe while members of both versions run.
	FixAfterUpgrade bool

	// observe, when set, is called after each invocation is checked with
	// the findings reported for it (tests read the resolved settings).
	observe func(inv *invocation, from rules.Version, findings []report.Finding)
}

// Result is what Run found.
type Result struct {
	// Report holds the findings, inputs and problems.
	Report *report.Report
	// Diff is the unified diff of the migration when Options.Diff is set.
	Diff string
	// Fixed lists the files rewritten when Options.Fix is set.
	Fixed []string
}

// Covered returns the IDs of the rules this package reports.
func Covered() []string {
	return []string{
		"ES0001", "ES0002", "ES0003", "ES0004", "ES0005", "ES0006", "ES0007", "ES0008", "ES0009", "ES0010", "ES0011", "ES0012",
		"ES0090", "ES0091", "ES0092", "ES0093", "ES0094",
		"ES0095", "ES0096", "ES0097", "ES0098", "ES0099",
		"ES2101",
		"ES3001", "ES3002", "ES3003",
		"ES3101", "ES3102", "ES3103",
		"ES3201", "ES3202", "ES3203", "ES3204", "ES3205", "ES3206", "ES3207",
		"ES3301", "ES3302", "ES3303", "ES3304",
		"ES3401", "ES3402", "ES3403", "ES3404", "ES3405", "ES3406", "ES3407", "ES3408", "ES3409",
		"ES3501", "ES3502", "ES3550", "ES3503", "ES3504", "ES3505", "ES3506", "ES3507", "ES3508", "ES3509",
		"ES3601", "ES3602", "ES3603", "ES3604", "ES3605", "ES3606", "ES3607", "ES3608",
		"ES3701", "ES3702", "ES3703", "ES3704",
		"ES3801",
		"EO3702",
	}
}

// run is the state of one Run.
type run struct {
	ctx    context.Context
	opts   Options
	cat    *rules.Catalog
	table  *flagTable
	target rules.Version
	from   rules.Version // zero when unknown
	linked rules.Version
	rep    *report.Report

	tree        *safeio.Tree // where inputs may be read from and fixes written
	total       int          // bytes read so far
	suggestions int          // did-you-mean searches so far
	unknowns    int          // settings unknown to the target so far
	windowFacts int          // rolling_window facts so far
	byAbs       map[string]*source
	consumed    map[string]bool
	listed      map[*source]bool
	sources     []*source
	// deployed lists the versions the checked deployments name.
	deployed []rules.Version
	// groups maps each unit and drop-in to its merged unit; groupDone
	// marks the groups already checked.
	groups    map[*source]*unitGroup
	groupDone map[*unitGroup]bool
	// unlisted are inputs found by a walk that start no etcd: they are
	// not etcd configuration and are left out of the report.
	unlisted map[*source]bool
	// envFiles are the env files among the inputs.
	envFiles []*source
	// configMaps are the Kubernetes ConfigMaps among the inputs, by
	// namespace/name (a ConfigMap naming no namespace is in "default");
	// configMapOnly marks the inputs that only hold ConfigMaps some
	// container's envFrom reads.
	configMaps    map[string]*configMap
	configMapOnly map[*source]bool
	// pins are the settings the assumed from version of their invocation
	// rests on: a fix that removes one from a command line leaves a
	// comment naming it, so that the next run assumes the same version.
	pins map[*setting]bool
}

// Run checks the inputs named in opts against opts.Target.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Catalog == nil {
		return nil, errors.New("configcheck: no rule catalog")
	}
	if opts.Fix && opts.Diff {
		return nil, errors.New("configcheck: --fix and --diff are exclusive")
	}
	tv, err := rules.ParseVersion(opts.Target)
	if err != nil {
		return nil, fmt.Errorf("configcheck: target: %w", err)
	}
	target, err := opts.Catalog.Resolve(tv)
	if err != nil {
		return nil, fmt.Errorf("configcheck: target: %w", err)
	}
	r := &run{
		ctx: ctx, opts: opts, cat: opts.Catalog, target: target,
		linked:    linkedVersion(),
		rep:       &report.Report{From: opts.From, Target: target.String(), Findings: []report.Finding{}, Inputs: []report.Input{}},
		byAbs:     map[string]*source{},
		consumed:  map[string]bool{},
		listed:    map[*source]bool{},
		unlisted:  map[*source]bool{},
		groupDone: map[*unitGroup]bool{},
		tree:      safeio.NewTree(inputPaths(opts.Paths)...),
	}
	if opts.From != "" {
		fv, err := rules.ParseVersion(opts.From)
		if err != nil {
			return nil, fmt.Errorf("configcheck: from: %w", err)
		}
		// X.Y means the members run some patch of X.Y: the newest is
		// assumed (the upgrade policy moves them there first).
		if r.from, err = opts.Catalog.Resolve(fv); err != nil {
			return nil, fmt.Errorf("configcheck: from: %w", err)
		}
	}
	if r.table, err = newFlagTable(opts.Catalog); err != nil {
		return nil, fmt.Errorf("configcheck: %w", err)
	}

	var found []detected
	for _, c := range r.collect(ctx) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("configcheck: %w", err)
		}
		src := r.load(c)
		if src == nil {
			continue
		}
		if c.path != "" {
			if abs, err := filepath.Abs(c.path); err == nil {
				if _, dup := r.byAbs[abs]; dup {
					continue
				}
				r.byAbs[abs] = src
			}
		}
		d := r.detect(src, c.explicit)
		if src.kind == "" {
			// Not configuration: let it go (a referenced file is read again).
			r.total -= len(src.data)
			if abs, err := filepath.Abs(c.path); err == nil && c.path != "" {
				delete(r.byAbs, abs)
			}
			if c.explicit {
				r.problem(src.name, 0, "not recognised as etcd configuration (expected a config-file YAML, command line, systemd unit, env file, Kubernetes manifest, compose file or Procfile)")
			}
			continue
		}
		d.explicit = c.explicit
		found = append(found, d)
	}
	r.buildUnitGroups(found)
	r.indexConfigMaps(found)
	for _, d := range found {
		if d.src.kind == KindEnvFile {
			r.envFiles = append(r.envFiles, d.src)
		}
	}
	// Units and compose files first: the env files they load are checked
	// with them, not on their own.
	slices.SortStableFunc(found, func(a, b detected) int { return kindOrder(a.src.kind) - kindOrder(b.src.kind) })
	for _, d := range found {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("configcheck: %w", err)
		}
		if d.src.path != "" {
			if abs, err := filepath.Abs(d.src.path); err == nil && r.consumed[abs] {
				continue
			}
		}
		r.addInput(d.src)
		if g := r.groups[d.src]; g != nil {
			if r.groupDone[g] {
				continue // checked with its unit or another drop-in
			}
			r.groupDone[g] = true
		}
		mark := len(r.rep.Problems)
		invs := r.invocations(d)
		if len(invs) == 0 {
			r.startsNoEtcd(d, mark)
		}
		for _, inv := range invs {
			at := len(r.rep.Findings)
			r.check(inv)
			if opts.observe != nil {
				from, _ := r.fromFor(inv)
				opts.observe(inv, from, slices.Clone(r.rep.Findings[at:]))
			}
		}
	}
	r.dropUnlisted()
	if r.rep.From == "" && len(r.deployed) > 0 && !slices.ContainsFunc(r.deployed, func(x rules.Version) bool { return x != r.deployed[0] }) {
		// Every invocation names the same version (image tag, versioned
		// binary or ETCD_VERSION): that is the run's from, source "image".
		r.rep.From, r.rep.FromSource = r.deployed[0].String(), "image"
	}
	r.suppress()
	res := &Result{Report: r.rep}
	if opts.Fix || opts.Diff {
		diff, fixed, err := r.applyFixes(opts.Fix)
		if err != nil {
			return nil, fmt.Errorf("configcheck: %w", err)
		}
		res.Diff, res.Fixed = safeio.Redacted(diff), fixed
	}
	// No URL credential reaches any output format.
	safeio.RedactReport(r.rep)
	r.rep.Sort()
	return res, nil
}

func kindOrder(kind string) int {
	switch kind {
	case KindSystemdUnit, KindCompose:
		return 0
	case KindArgs, KindProcfile, KindKubernetes:
		return 1
	}
	return 2
}

// addInput lists a source in the report once.
func (r *run) addInput(src *source) {
	if r.listed[src] {
		return
	}
	r.listed[src] = true
	r.sources = append(r.sources, src)
	r.rep.Inputs = append(r.rep.Inputs, report.Input{Kind: src.kind, Name: src.name, Detector: rules.DetectConfig})
}

// problem records an input that could not be (fully) analysed.
func (r *run) problem(input string, line int, msg string) {
	for _, p := range r.rep.Problems {
		if p.Input == input && p.Line == line && p.Message == msg {
			return
		}
	}
	r.rep.Problems = append(r.rep.Problems, report.Problem{Input: input, Line: line, Message: msg, Detector: rules.DetectConfig})
}

// finding records a finding for rule id at p in src.
func (r *run) finding(id string, sev rules.Severity, src *source, p pos, msg string, fix *report.Fix) {
	rule := r.cat.Rule(id)
	if rule == nil {
		r.problem(src.name, p.line, fmt.Sprintf("internal: rule %s is not in the catalog", id))
		return
	}
	if sev == 0 {
		sev = rule.Severity
	}
	r.rep.Findings = append(r.rep.Findings, report.Finding{
		Rule:     id,
		Severity: sev,
		Message:  msg,
		Location: report.Location{File: src.name, Line: p.line, Column: p.col},
		Fix:      fix,
		Source:   rule.Source,
		Detector: rules.DetectConfig,
	})
}

// quoteList renders names for a message: "a, b and c".
func quoteList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// startsNoEtcd handles an input that yielded no invocation; mark is the
// number of problems before it was read. A unit, manifest, compose file
// or script found by a walk whose name does not mention etcd is not etcd
// configuration: it is left out of the report with its problems. An
// input named by the user, or one that mentions etcd, is reported as
// checked for nothing, so that a run with nothing else exits "nothing
// analysed".
func (r *run) startsNoEtcd(d detected, mark int) {
	switch d.src.kind {
	case KindSystemdUnit, KindKubernetes, KindCompose, KindArgs, KindProcfile:
	default:
		return // a config or env file with errors: reported already
	}
	if r.configMapOnly[d.src] {
		return // ConfigMaps a container reads: checked with it
	}
	members := []*source{d.src}
	name := filepath.Base(d.src.name)
	if g := r.groups[d.src]; g != nil {
		members = append(append([]*source{}, g.dropIns...), g.masked...)
		if g.unit != nil {
			members = append(members, g.unit)
		}
		name = g.name
	}
	if !d.explicit && !strings.Contains(strings.ToLower(name), "etcd") {
		drop := map[string]bool{}
		for _, s := range members {
			drop[s.name] = true
			r.unlisted[s] = true
		}
		r.rep.Problems = append(r.rep.Problems[:mark:mark], slices.DeleteFunc(r.rep.Problems[mark:], func(p report.Problem) bool { return drop[p.Input] })...)
		return
	}
	for _, p := range r.rep.Problems[mark:] {
		if p.Input == d.src.name {
			return // why is said already
		}
	}
	what := map[string]string{KindKubernetes: "no container", KindCompose: "no service", KindArgs: "no command", KindProcfile: "no process", KindSystemdUnit: "the unit"}[d.src.kind]
	r.problem(d.src.name, 0, what+" starts the etcd server; nothing to check")
}

// dropUnlisted removes the inputs startsNoEtcd found to be no etcd
// configuration from the report.
func (r *run) dropUnlisted() {
	if len(r.unlisted) == 0 {
		return
	}
	names := map[string]bool{}
	for s := range r.unlisted {
		names[s.name] = true
	}
	r.rep.Inputs = slices.DeleteFunc(r.rep.Inputs, func(in report.Input) bool { return names[in.Name] })
	r.sources = slices.DeleteFunc(r.sources, func(s *source) bool { return r.unlisted[s] })
}
