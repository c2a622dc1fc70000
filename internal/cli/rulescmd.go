package cli

import (
	"context"
	_ "embed" // the JSON Schema of rules --format json
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func runRules(ctx context.Context, env *Env, args []string) error {
	var format, output, since, surface, detector string
	fs := newFlagSet(env, "rules", "rules [flags] [ID...]  (no ID: list the catalog; IDs: explain them)",
		"  etcdlint rules --since 3.6\n  etcdlint rules EC3401 es3601\n  etcdlint rules --format json")
	fs.StringVar(&format, "format", "text", "output format: text, json or markdown (markdown of the whole catalog is docs/rules.md)")
	fs.StringVar(&output, "output", "", "write to this file instead of standard output")
	fs.StringVar(&since, "since", "", "only rules whose change lands in this minor (X.Y)")
	fs.StringVar(&surface, "surface", "", "only rules concerning this surface ("+joinSurfaces()+")")
	fs.StringVar(&detector, "detector", "", "only rules this detector reports (code, config, probe, datadir, plan)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if format != "text" && format != "json" && format != "markdown" {
		return usageErrorf("--format %q: rules prints text, json or markdown", format)
	}
	cat, err := rules.Load()
	if err != nil {
		return fmt.Errorf("loading rule catalog: %w", err)
	}
	var sel []*rules.Rule
	if fs.NArg() > 0 {
		for _, id := range fs.Args() {
			r := cat.Rule(strings.ToUpper(id))
			if r == nil {
				return usageErrorf("unknown rule %q (run 'etcdlint rules' for the list)", id)
			}
			sel = append(sel, r)
		}
	} else {
		var sinceV rules.Version
		if since != "" {
			if sinceV, err = rules.ParseVersion(since); err != nil {
				return usageErrorf("--since: %v", err)
			}
		}
		if surface != "" && !slices.Contains(rules.Surfaces, rules.Surface(surface)) {
			return usageErrorf("--surface %q: want one of %s", surface, joinSurfaces())
		}
		if detector != "" && !slices.Contains(rules.Detectors, rules.Detector(detector)) {
			return usageErrorf("--detector %q: want code, config, probe, datadir or plan", detector)
		}
		for _, r := range cat.Rules() {
			if since != "" && (r.EveryHop() || !r.SinceVersion().SameMinor(sinceV)) {
				continue
			}
			if surface != "" && !r.HasSurface(rules.Surface(surface)) {
				continue
			}
			if detector != "" && !r.HasDetector(rules.Detector(detector)) {
				continue
			}
			sel = append(sel, r)
		}
	}
	explain := fs.NArg() > 0
	return writeTo(env, output, func(w io.Writer) error {
		switch {
		case format == "json":
			return rulesJSON(w, cat, sel)
		case format == "markdown":
			whole := !explain && since == "" && surface == "" && detector == ""
			return rulesMarkdown(w, sel, whole)
		case explain:
			for i, r := range sel {
				if i > 0 {
					fmt.Fprintln(w)
				}
				if err := explainText(w, r); err != nil {
					return err
				}
			}
			return nil
		}
		return listText(w, sel)
	})
}

func joinSurfaces() string {
	var s []string
	for _, x := range rules.Surfaces {
		s = append(s, string(x))
	}
	return strings.Join(s, ", ")
}

func listText(w io.Writer, rs []*rules.Rule) error {
	ew := &errWriter{w: w}
	ew.printf("%-7s %-7s %-8s %-22s %s\n", "ID", "SINCE", "SEVERITY", "DETECTED BY", "TITLE")
	for _, r := range rs {
		since := r.Since
		if since == "" {
			since = "every"
		}
		det := "checklist"
		if len(r.Detectors) > 0 {
			var ds []string
			for _, d := range r.Detectors {
				ds = append(ds, string(d))
			}
			det = strings.Join(ds, ",")
		}
		ew.printf("%-7s %-7s %-8s %-22s %s\n", r.ID, since, r.Severity, det, r.Title)
	}
	ew.printf("\n%d rules. Explain one: etcdlint rules ID\n", len(rs))
	return ew.err
}

func explainText(w io.Writer, r *rules.Rule) error {
	ew := &errWriter{w: w}
	ew.printf("%s: %s\n\n", r.ID, r.Title)
	since := r.Since
	if since == "" {
		since = "every upgrade hop"
	}
	ew.printf("  since:     %s\n", since)
	if r.Until != "" {
		ew.printf("  until:     %s\n", r.Until)
	}
	ew.printf("  severity:  %s\n", r.Severity)
	var surf []string
	for _, s := range r.Surfaces {
		surf = append(surf, string(s))
	}
	ew.printf("  surfaces:  %s\n", strings.Join(surf, ", "))
	var det []string
	for _, d := range r.Detectors {
		det = append(det, string(d))
	}
	if len(det) == 0 {
		det = []string{"none: a checklist item shown by 'etcdlint plan'"}
	}
	ew.printf("  detected:  %s\n", strings.Join(det, ", "))
	ew.printf("  autofix:   %v\n", r.AutoFix)
	ew.printf("\nWhat changed\n%s\n", indent(wrap(r.Changed, 76), "  "))
	ew.printf("\nWhat to do\n%s\n", indent(wrap(r.Action, 76), "  "))
	if r.Before != "" {
		ew.printf("\nBefore\n%s\n", indent(strings.TrimRight(r.Before, "\n"), "    "))
	}
	if r.After != "" {
		ew.printf("\nAfter\n%s\n", indent(strings.TrimRight(r.After, "\n"), "    "))
	}
	ew.printf("\nSource: %s\nDocs:   %s\n", r.Source, r.URL())
	return ew.err
}

// rulesMarkdown renders rules as Markdown; whole is true for the complete
// catalog document (docs/rules.md), which gets a generated-file header and
// a per-hop index.
func rulesMarkdown(w io.Writer, rs []*rules.Rule, whole bool) error {
	ew := &errWriter{w: w}
	if whole {
		ew.printf("<!-- Code generated by \"go generate ./cmd/etcdlint\"; DO NOT EDIT. -->\n\n")
		ew.printf("# etcdlint rules\n\n")
		ew.printf("%d rules, generated from the catalog in `rules/data`. Each rule has a stable ID: "+
			"E, an area letter (C Go code, S server configuration, D data dir, O operations, "+
			"A API endpoints and metrics, T tooling, V security advisories fixed in a patch), the minor release the change lands in "+
			"(00: every hop) and a serial. `etcdlint rules ID` prints the same explanation.\n\n", len(rs))
		groups := map[string][]*rules.Rule{}
		var order []string
		for _, r := range rs {
			key := "every hop"
			if !r.EveryHop() {
				key = "into " + r.SinceVersion().MinorLine().String()
			}
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			groups[key] = append(groups[key], r)
		}
		slices.SortStableFunc(order, func(a, b string) int { return compareGroup(a, b) })
		ew.printf("## Index\n\n")
		for _, g := range order {
			ew.printf("### %s\n\n| Rule | Severity | Detected by | Title |\n|---|---|---|---|\n", strings.ToUpper(g[:1])+g[1:])
			for _, r := range groups[g] {
				ew.printf("| [%s](#%s) | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, detectorList(r), mdEscape(r.Title))
			}
			ew.printf("\n")
		}
		ew.printf("## Rules\n\n")
	}
	for _, r := range rs {
		ew.printf("<a id=\"%s\"></a>\n### %s: %s\n\n", strings.ToLower(r.ID), r.ID, mdEscape(r.Title))
		since := r.Since
		if since == "" {
			since = "every hop"
		}
		if r.Until != "" {
			since += " (until " + r.Until + ")"
		}
		var surf []string
		for _, s := range r.Surfaces {
			surf = append(surf, string(s))
		}
		ew.printf("- Since: %s\n- Severity: %s\n- Surfaces: %s\n- Detected by: %s\n- Automatic fix: %v\n",
			since, r.Severity, strings.Join(surf, ", "), detectorList(r), r.AutoFix)
		if r.Ref != "" {
			ew.printf("- Research item: `%s`\n", r.Ref)
		}
		ew.printf("\n**What changed.** %s\n\n**What to do.** %s\n\n", oneLine(r.Changed), oneLine(r.Action))
		if r.Before != "" {
			ew.printf("Before:\n\n```\n%s\n```\n\n", strings.TrimRight(r.Before, "\n"))
		}
		if r.After != "" {
			ew.printf("After:\n\n```\n%s\n```\n\n", strings.TrimRight(r.After, "\n"))
		}
		ew.printf("Source: <%s>\n\n", r.Source)
	}
	return ew.err
}

func compareGroup(a, b string) int {
	if a == b {
		return 0
	}
	if a == "every hop" {
		return -1
	}
	if b == "every hop" {
		return 1
	}
	va := rules.MustParseVersion(strings.TrimPrefix(a, "into "))
	vb := rules.MustParseVersion(strings.TrimPrefix(b, "into "))
	return va.Compare(vb)
}

func detectorList(r *rules.Rule) string {
	if len(r.Detectors) == 0 {
		return "checklist"
	}
	var ds []string
	for _, d := range r.Detectors {
		ds = append(ds, string(d))
	}
	return strings.Join(ds, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && n+1+len(word) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "version", "version", "  etcdlint version\n  etcdlint --version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cat, err := rules.Load()
	if err != nil {
		return fmt.Errorf("loading rule catalog: %w", err)
	}
	v := env.Version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	_, err = fmt.Fprintf(env.Stdout, "etcdlint %s (%s)\nrule catalog: %d rules, etcd up to %s (newest stable %s)\n",
		v, runtime.Version(), len(cat.Rules()), cat.Releases()[len(cat.Releases())-1].Latest, cat.LatestStable())
	return err
}

// rulesSchemaVersion is the schema_version of `rules --format json`.
const rulesSchemaVersion = 1

//go:embed schema/rules.schema.json
var rulesSchema []byte

//go:embed schema/plan.schema.json
var planSchema []byte

// jsonRule is a rule as `rules --format json` writes it (see
// schema/rules.schema.json).
type jsonRule struct {
	ID        string   `json:"id"`
	Ref       string   `json:"ref,omitempty"`
	Title     string   `json:"title"`
	Since     string   `json:"since,omitempty"`
	Until     string   `json:"until,omitempty"`
	Severity  string   `json:"severity"`
	Surfaces  []string `json:"surfaces"`
	Detectors []string `json:"detectors"`
	Changed   string   `json:"changed"`
	Action    string   `json:"action"`
	AutoFix   bool     `json:"auto_fix"`
	Source    string   `json:"source"`
	HelpURI   string   `json:"help_uri"`
	Before    string   `json:"before,omitempty"`
	After     string   `json:"after,omitempty"`
}

func rulesJSON(w io.Writer, cat *rules.Catalog, sel []*rules.Rule) error {
	doc := struct {
		SchemaVersion int        `json:"schema_version"`
		Rules         []jsonRule `json:"rules"`
	}{SchemaVersion: rulesSchemaVersion, Rules: []jsonRule{}}
	for _, r := range sel {
		jr := jsonRule{ID: r.ID, Ref: r.Ref, Title: r.Title, Since: r.Since, Until: r.Until, Severity: r.Severity.String(),
			Surfaces: []string{}, Detectors: []string{}, Changed: r.Changed, Action: r.Action, AutoFix: r.AutoFix,
			Source: r.Source, HelpURI: r.URL(), Before: r.Before, After: r.After}
		for _, s := range r.Surfaces {
			jr.Surfaces = append(jr.Surfaces, string(s))
		}
		for _, d := range r.Detectors {
			jr.Detectors = append(jr.Detectors, string(d))
		}
		doc.Rules = append(doc.Rules, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func runSchema(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "schema", "schema [report|rules|plan]  (the JSON Schema of a --format json output; default report)",
		"  etcdlint schema > report.schema.json\n  etcdlint schema plan")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch name := strings.ToLower(fs.Arg(0)); {
	case fs.NArg() > 1:
		return usageErrorf("one schema at a time: report, rules or plan")
	case name == "" || name == "report":
		_, err := env.Stdout.Write(report.JSONSchema())
		return err
	case name == "rules":
		_, err := env.Stdout.Write(rulesSchema)
		return err
	case name == "plan":
		_, err := env.Stdout.Write(planSchema)
		return err
	default:
		return usageErrorf("unknown schema %q: want report, rules or plan", fs.Arg(0))
	}
}
