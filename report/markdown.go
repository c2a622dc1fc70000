package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// maxMarkdownFindings caps the findings table, so the summary fits in a
// pull-request comment (GitHub allows 65536 characters).
const maxMarkdownFindings = 100

// renderMarkdown writes a summary a CI job can post as a pull-request
// comment or a job summary: a headline verdict, a table of counts, the
// findings with links to their rules, and what could not be analysed.
func renderMarkdown(w0 io.Writer, v *view) error {
	w := &errWriter{w: w0}
	c := v.counts()

	title := ToolName
	switch {
	case v.r.From != "" && v.r.Target != "":
		title += fmt.Sprintf(": etcd %s → %s", v.r.From, v.r.Target)
	case v.r.Target != "":
		title += fmt.Sprintf(": upgrade to etcd %s", v.r.Target)
	}
	w.printf("## %s\n\n", mdText(title))
	w.printf("%s\n\n", mdVerdict(v, c))

	if len(v.findings) > 0 {
		w.print("| Severity | Findings |\n|---|---:|\n")
		for _, row := range []struct {
			s rules.Severity
			n int
		}{{rules.Error, c.errors}, {rules.Warning, c.warnings}, {rules.Info, c.infos}} {
			w.printf("| %s %s | %d |\n", mdIcon(row.s), row.s, row.n)
		}
		w.printf("| **Total** | **%d** |\n\n", len(v.findings))
	}

	analysed := "Nothing was analysed."
	if len(v.inputs) > 0 {
		analysed = fmt.Sprintf("Analysed %s (%s).", plural(len(v.inputs), "input"), inputKinds(v.inputs))
	}
	if n := len(v.problems); n > 0 {
		analysed += fmt.Sprintf(" **%s could not be analysed** (see below).", plural(n, "input"))
	}
	if v.r.FromSource != "" {
		analysed += fmt.Sprintf(" Current version %s from %s.", mdText(v.r.From), mdText(v.r.FromSource))
	}
	w.printf("%s\n\n", analysed)

	if len(v.findings) > 0 {
		w.print("### Findings\n\n| | Rule | Location | Finding |\n|---|---|---|---|\n")
		for i, f := range v.findings {
			if i == maxMarkdownFindings {
				w.printf("\n… and %d more; see the full report (`--format text` or `--format sarif`).\n", len(v.findings)-i)
				break
			}
			rule := mdText(f.Rule)
			if u := v.ruleURL(f.Rule); u != "" {
				rule = fmt.Sprintf("[%s](%s)", rule, u)
			}
			cell := mdText(f.Message)
			if t := v.ruleTitle(f.Rule); t != "" {
				cell = "**" + mdText(t) + "**<br>" + cell
			}
			if f.Fix != nil {
				cell += "<br>Fix: " + mdText(f.Fix.Description)
			}
			if f.Note != "" {
				cell += "<br>Note: " + mdText(f.Note)
			}
			if f.LowConfidence {
				cell += "<br>_low confidence_"
			}
			loc := ""
			if p := f.Location.position(); p != "" {
				loc = mdCode(p)
			}
			w.printf("| %s | %s | %s | %s |\n", mdIcon(f.Severity), rule, loc, cell)
		}
		w.print("\n")
	}

	for _, n := range v.r.Notices {
		w.printf("> :warning: %s\n\n", mdText(n))
	}
	if len(v.problems) > 0 {
		w.print("### Not analysed\n\n| Input | Detector | Problem |\n|---|---|---|\n")
		for _, p := range v.problems {
			msg := mdText(p.Message)
			if p.Unreachable {
				msg = "**unreachable**: " + msg
			}
			w.printf("| %s | %s | %s |\n", mdCode(p.position()), mdText(string(p.Detector)), msg)
		}
		w.print("\n")
	}

	if len(v.facts) > 0 {
		w.print("<details><summary>Facts</summary>\n\n| Subject | Fact | Value |\n|---|---|---|\n")
		for _, f := range v.facts {
			w.printf("| %s | %s | %s |\n", mdCode(f.Subject), mdText(f.Name), mdCode(f.Value))
		}
		w.print("\n</details>\n\n")
	}
	w.printf("<sub>%s %s · [rules](%s)</sub>\n", ToolName, mdText(toolVersion(v.opts)), rules.DocsURL)
	return w.err
}

// mdVerdict is the headline: does the upgrade break?
func mdVerdict(v *view, c counts) string {
	var s string
	switch {
	case len(v.inputs) == 0:
		return ":grey_question: **Nothing was analysed.** This is not a clean result: no package, config file, endpoint or data dir was checked."
	case c.errors > 0:
		s = fmt.Sprintf(":x: **The upgrade breaks: %s.**", plural(c.errors, "error"))
		if c.warnings > 0 {
			s += fmt.Sprintf(" Also %s (behaviour that changes silently).", plural(c.warnings, "warning"))
		}
	case c.warnings > 0:
		s = fmt.Sprintf(":warning: **%s: behaviour changes silently.**", plural(c.warnings, "warning"))
	case c.infos > 0:
		s = fmt.Sprintf(":information_source: **Nothing breaks; %d info for awareness.**", c.infos)
	default:
		s = ":white_check_mark: **No findings.**"
	}
	if v.r.Unreachable() {
		s += " :warning: Some live targets could not be reached."
	} else if len(v.problems) > 0 {
		s += fmt.Sprintf(" :warning: %s could not be analysed.", plural(len(v.problems), "input"))
	}
	return s
}

// mdIcon is the emoji of a severity.
func mdIcon(s rules.Severity) string {
	switch s {
	case rules.Error:
		return ":x:"
	case rules.Warning:
		return ":warning:"
	}
	return ":information_source:"
}

// mdText escapes text for a GitHub-flavoured markdown table cell: HTML
// and markdown punctuation are neutralised, '|' is escaped and line
// breaks become <br>.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
		case '\n':
			b.WriteString("<br>")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode renders s as an inline code span safe inside a table cell.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\r", "", "\n", " ", "|", `\|`).Replace(s)
	ticks := "`"
	for strings.Contains(s, ticks) {
		ticks += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return ticks + pad + s + pad + ticks
}
