package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

func runPlan(ctx context.Context, env *Env, args []string) error {
	var c common
	var pf probeFlags
	var to, format, output string
	fs := newFlagSet(env, "plan", "plan --from VERSION [--to VERSION]  (or --endpoints to read --from from the cluster)",
		"  etcdlint plan --from 3.4.27 --to 3.6\n  etcdlint plan --endpoints https://10.0.0.1:2379 --format json")
	fs.StringVar(&c.from, "from", "", "etcd version the cluster runs now (default: the lowest member version, with --endpoints)")
	fs.StringVar(&to, "to", "", "etcd version to upgrade to (default: newest stable etcd in the catalog)")
	fs.StringVar(&c.target, "target", "", "same as --to")
	fs.StringVar(&c.configFile, "config", "", "project config file (default: .etcdlint.toml in the working directory or a parent)")
	fs.StringVar(&format, "format", "text", "output format: text, json or markdown")
	fs.StringVar(&output, "output", "", "write the plan to this file instead of standard output")
	pf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments %q", fs.Args())
	}
	if to != "" && c.target != "" && to != c.target {
		return usageErrorf("--to %s and --target %s disagree", to, c.target)
	}
	c.target = cmpOr(to, c.target)
	if format != "text" && format != "json" && format != "markdown" {
		return usageErrorf("--format %q: plan prints text, json or markdown", format)
	}
	s, err := prepare(env, &c)
	if err != nil {
		return err
	}
	if s.from.IsZero() {
		if !pf.any() && env.Getenv("ETCDCTL_ENDPOINTS") == "" {
			return usageErrorf("no --from: give the version the cluster runs, or --endpoints to read it from the cluster")
		}
		rep, err := runProbeEngine(ctx, env, s, &pf)
		if err != nil {
			return err
		}
		if rep.From == "" {
			msg := "could not read any member's version"
			if len(rep.Problems) > 0 {
				msg += ": " + rep.Problems[0].Input + ": " + rep.Problems[0].Message
			}
			return &exitError{code: ExitNothing, err: fmt.Errorf("%s", msg)}
		}
		if s.from, err = rules.ParseVersion(rep.From); err != nil {
			return fmt.Errorf("cluster version %q: %w", rep.From, err)
		}
		s.fromSource = "cluster"
	}
	steps, err := s.cat.Path(s.from, s.target)
	if err != nil {
		return usageErrorf("%v", err)
	}
	p := newPlan(s, steps)
	return writeTo(env, output, func(w io.Writer) error {
		switch format {
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(p)
		case "markdown":
			return p.markdown(w)
		}
		return p.text(w)
	})
}

// plan is the printable form of an upgrade path; its JSON form is part of
// the documented output.
type plan struct {
	// SchemaVersion is the version of schema/plan.schema.json.
	SchemaVersion int        `json:"schema_version"`
	From          string     `json:"from"`
	FromSource    string     `json:"from_source"`
	To            string     `json:"to"`
	Steps         []planStep `json:"steps"`
	EveryHop      []planRule `json:"every_hop"`
}

type planStep struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Kind   string      `json:"kind"` // "patch" or "minor"
	Floors []planFloor `json:"floors,omitempty"`
	Rules  []planRule  `json:"rules"`
	// PointOfNoReturn (minor hops) says when the hop becomes
	// irreversible and what going back then takes.
	PointOfNoReturn string `json:"point_of_no_return,omitempty"`
	// Backup (minor hops) is the commands to run before the first member
	// moves.
	Backup []string `json:"backup,omitempty"`
	// NotChecked lists the step's rules etcdlint has no detector for:
	// they stay a manual checklist.
	NotChecked []planRule `json:"not_checked,omitempty"`
}

type planFloor struct {
	Min       string `json:"min"`
	Before    string `json:"before"`
	Rule      string `json:"rule"`
	Condition string `json:"condition,omitempty"`
	Reason    string `json:"reason"`
	// Met is true when the step's starting version already satisfies it.
	Met bool `json:"met"`
}

type planRule struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	URL      string `json:"url"`
}

func newPlan(s *setup, steps []rules.Step) *plan {
	p := &plan{SchemaVersion: 1, From: s.from.String(), FromSource: s.fromSource, To: s.target.String(), Steps: []planStep{}}
	for _, st := range steps {
		ps := planStep{From: st.From.String(), To: st.To.String(), Kind: "patch", Rules: []planRule{}}
		if st.Minor {
			ps.Kind = "minor"
		}
		for _, f := range st.Floors {
			met := st.From.HasPatch && st.From.AtLeast(f.MinVersion())
			ps.Floors = append(ps.Floors, planFloor{Min: f.Min, Before: f.Before, Rule: f.Rule, Condition: f.Condition, Reason: f.Reason, Met: met})
		}
		for _, r := range st.Rules {
			if passedRange(r, st.To) {
				continue
			}
			ps.Rules = append(ps.Rules, toPlanRule(r))
			if len(r.Detectors) == 0 {
				ps.NotChecked = append(ps.NotChecked, toPlanRule(r))
			}
		}
		if st.Minor {
			ps.PointOfNoReturn, ps.Backup = noReturn(st.From, st.To)
		}
		p.Steps = append(p.Steps, ps)
	}
	for _, r := range s.cat.EveryHopRules() {
		p.EveryHop = append(p.EveryHop, toPlanRule(r))
	}
	return p
}

// passedRange reports whether r names a range of patches of one line
// (a bug or an advisory) that a step ending at to has already left.
func passedRange(r *rules.Rule, to rules.Version) bool {
	since, until := r.SinceVersion(), r.UntilVersion()
	return since.HasPatch && until.HasPatch && since.SameMinor(until) && !to.Less(until)
}

// downgradeLine is the first minor whose clusters can be downgraded
// online (etcdctl downgrade validate/enable).
var downgradeLine = rules.MustParseVersion("3.6")

// noReturn describes a minor hop's point of no return and the backup to
// take before it.
func noReturn(from, to rules.Version) (string, []string) {
	next, prev := to.MinorLine(), from.MinorLine()
	what := fmt.Sprintf("once every member runs %s the cluster version becomes %s.0 and %s binaries can no longer join it; ", next, next, prev)
	if next.Less(downgradeLine) {
		what += "there is no supported downgrade from " + next.String() + ": going back means restoring the snapshot below into a new cluster"
	} else {
		what += fmt.Sprintf("going back needs an online downgrade (etcdctl downgrade validate %s, etcdctl downgrade enable %s, then %s binaries one member at a time) or a restore of the snapshot below", prev, prev, prev)
	}
	status := "etcdutl snapshot status etcd-before-" + next.String() + ".db -w table"
	if prev.Less(rules.MustParseVersion("3.5")) {
		status = "ETCDCTL_API=3 etcdctl snapshot status etcd-before-" + next.String() + ".db -w table"
	}
	backup := []string{
		"ETCDCTL_API=3 etcdctl --endpoints=$ENDPOINT snapshot save etcd-before-" + next.String() + ".db",
		status,
		"etcdlint probe --endpoints=$ENDPOINTS --save members-before-" + next.String() + ".json",
	}
	return what, backup
}

func toPlanRule(r *rules.Rule) planRule {
	return planRule{ID: r.ID, Severity: r.Severity.String(), Title: r.Title, URL: r.URL()}
}

func (p *plan) text(w io.Writer) error {
	ew := &errWriter{w: w}
	hops := 0
	for _, st := range p.Steps {
		if st.Kind == "minor" {
			hops++
		}
	}
	ew.printf("etcd upgrade plan: %s -> %s (%d step(s), %d minor hop(s))\n", p.From, p.To, len(p.Steps), hops)
	if p.FromSource == "cluster" {
		ew.printf("from: the lowest version among the cluster's members\n")
	}
	for i, st := range p.Steps {
		ew.printf("\n%d. %s -> %s  ", i+1, st.From, st.To)
		if st.Kind == "minor" {
			ew.printf("minor hop: replace members one at a time, checking health after each\n")
		} else {
			ew.printf("patch upgrade within %s\n", minorOf(st.From))
		}
		for _, f := range st.Floors {
			state := "required"
			if f.Met {
				state = "met"
			}
			cond := ""
			if f.Condition != "" {
				cond = " when " + f.Condition
			}
			ew.printf("   floor (%s): every member on %s or later before %s%s [%s]\n", state, f.Min, f.Before, cond, f.Rule)
			ew.printf("      %s\n", f.Reason)
		}
		if st.PointOfNoReturn != "" {
			ew.printf("   point of no return: %s\n", st.PointOfNoReturn)
		}
		if len(st.Backup) > 0 {
			ew.printf("   backup first:\n")
			for _, c := range st.Backup {
				ew.printf("      %s\n", c)
			}
		}
		if len(st.Rules) > 0 {
			ew.printf("   checklist:\n")
			for _, r := range st.Rules {
				ew.printf("   %-7s %-7s %s\n", r.Severity, r.ID, r.Title)
			}
		}
		if len(st.NotChecked) > 0 {
			ids := make([]string, len(st.NotChecked))
			for i, r := range st.NotChecked {
				ids[i] = r.ID
			}
			ew.printf("   not checked by etcdlint (verify by hand): %s\n", strings.Join(ids, ", "))
		}
		if st.Kind == "minor" {
			ew.printf("   after the last member: etcdlint probe --verify-upgrade --target %s --before members-before-%s.json\n", st.To, minorOf(st.To))
		}
	}
	ew.printf("\nbefore and during every hop:\n")
	for _, r := range p.EveryHop {
		ew.printf("   %-7s %-7s %s\n", r.Severity, r.ID, r.Title)
	}
	ew.printf("\nexplain a rule: etcdlint rules ID\n")
	return ew.err
}

func (p *plan) markdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("# etcd upgrade plan: %s → %s\n\n", p.From, p.To)
	for i, st := range p.Steps {
		ew.printf("## %d. %s → %s (%s)\n\n", i+1, st.From, st.To, st.Kind)
		for _, f := range st.Floors {
			ew.printf("- **Floor**: every member on %s or later before %s (%s). %s\n", f.Min, f.Before, f.Rule, f.Reason)
		}
		if st.PointOfNoReturn != "" {
			ew.printf("- **Point of no return**: %s.\n", st.PointOfNoReturn)
		}
		for _, c := range st.Backup {
			ew.printf("- **Backup**: `%s`\n", c)
		}
		for _, r := range st.NotChecked {
			ew.printf("- **Not checked by etcdlint**: [%s](%s) %s\n", r.ID, r.URL, mdEscape(r.Title))
		}
		if len(st.Floors) > 0 || st.PointOfNoReturn != "" || len(st.NotChecked) > 0 {
			ew.printf("\n")
		}
		if len(st.Rules) > 0 {
			ew.printf("| Severity | Rule | Title |\n|---|---|---|\n")
			for _, r := range st.Rules {
				ew.printf("| %s | [%s](%s) | %s |\n", r.Severity, r.ID, r.URL, mdEscape(r.Title))
			}
			ew.printf("\n")
		}
	}
	ew.printf("## Every hop\n\n| Severity | Rule | Title |\n|---|---|---|\n")
	for _, r := range p.EveryHop {
		ew.printf("| %s | [%s](%s) | %s |\n", r.Severity, r.ID, r.URL, mdEscape(r.Title))
	}
	return ew.err
}

func minorOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// errWriter remembers the first write error so printing code stays flat.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
