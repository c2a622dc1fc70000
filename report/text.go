package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// ANSI SGR sequences used by the text format when colour is on.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// painter applies ANSI colour when enabled and is the identity otherwise.
type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s rules.Severity, text string) string {
	switch s {
	case rules.Error:
		return p.paint(ansiBold+ansiRed, text)
	case rules.Warning:
		return p.paint(ansiYellow, text)
	}
	return p.paint(ansiCyan, text)
}

// renderText writes the text format:
//
//	file:line:col: severity RULE: message
//		fix: Description
//		note: extra context
//
// Findings with a file come first, in file order, as one block; findings
// about an endpoint, member or path follow, one block per location. Then
// come the inputs that could not be analysed, the facts and a summary line.
func renderText(w0 io.Writer, v *view) error {
	w := &errWriter{w: w0}
	p := painter(v.opts.Color)

	for i, f := range v.findings {
		if i > 0 && textGroup(v.findings[i-1]) != textGroup(f) {
			w.print("\n")
		}
		writeTextFinding(w, p, f)
	}
	if len(v.findings) > 0 {
		w.print("\n")
	}

	if len(v.problems) > 0 {
		for _, pr := range v.problems {
			extra := string(pr.Detector)
			if pr.Unreachable {
				extra += ", unreachable"
			}
			if extra != "" {
				extra = " (" + strings.TrimPrefix(extra, ", ") + ")"
			}
			label := p.paint(ansiBold+ansiRed, "not analysed:")
			if pr.Skipped {
				label = p.paint(ansiBold+ansiYellow, "skipped:")
			}
			w.printf("%s %s: %s%s\n", label, pr.position(), oneLine(pr.Message), p.paint(ansiDim, extra))
		}
		w.print("\n")
	}

	// Settings valid on every version of the path are the common case:
	// count them here; the json format lists each one.
	var facts []Fact
	safe := 0
	for _, f := range v.facts {
		if strings.HasPrefix(f.Name, "rolling_window") && strings.HasPrefix(f.Value, "valid on ") {
			safe++
			continue
		}
		facts = append(facts, f)
	}
	if len(facts) > 0 || safe > 0 {
		w.print(p.paint(ansiBold, "facts:") + "\n")
		if safe > 0 {
			w.printf("\t%d setting(s) valid on every version the upgrade path runs\n", safe)
		}
		for i := 0; i < len(facts); {
			j := i
			var kv []string
			for ; j < len(facts) && facts[j].Subject == facts[i].Subject; j++ {
				kv = append(kv, facts[j].Name+"="+facts[j].Value)
			}
			subject := facts[i].Subject
			if subject == "" {
				subject = "(run)"
			}
			w.printf("\t%s: %s\n", subject, strings.Join(kv, ", "))
			i = j
		}
		w.print("\n")
	}

	for _, n := range v.r.Notices {
		w.printf("%s %s\n", p.paint(ansiYellow, "warning:"), oneLine(n))
	}
	w.print(p.paint(ansiBold, summaryLine(v)) + "\n")
	return w.err
}

// textGroup returns the block a finding is printed in: every file finding
// shares one block; other findings are grouped by endpoint, member or path.
func textGroup(f Finding) string {
	if f.Location.File != "" {
		return "file"
	}
	return "at " + f.Location.primary()
}

// writeTextFinding writes one finding and its indented details.
func writeTextFinding(w *errWriter, p painter, f Finding) {
	loc := f.Location.position()
	if loc != "" {
		w.printf("%s: ", p.paint(ansiBold, loc))
	}
	w.printf("%s: %s\n", p.severity(f.Severity, severityWord(f.Severity)+" "+f.Rule), oneLine(f.Message))
	if f.Fix != nil {
		w.printf("\t%s %s\n", p.paint(ansiDim, "fix:"), oneLine(f.Fix.Description))
		for _, e := range f.Fix.Edits {
			w.printf("\t\t%s: replace with %q\n", editPosition(e), e.NewText)
		}
	}
	if f.Note != "" {
		w.printf("\t%s %s\n", p.paint(ansiDim, "note:"), oneLine(f.Note))
	}
	if f.LowConfidence {
		w.printf("\t%s\n", p.paint(ansiDim, "low confidence: made from syntax alone or an assumed version (see note)"))
	}
}

// editPosition returns the span an edit replaces: file:line:col-line:col
// when positions are known, else file:#start-#end (byte offsets).
func editPosition(e Edit) string {
	if e.Line > 0 {
		s := fmt.Sprintf("%s:%d:%d", e.File, e.Line, max(e.Column, 1))
		if e.EndLine > 0 {
			s += fmt.Sprintf("-%d:%d", e.EndLine, max(e.EndColumn, 1))
		}
		return s
	}
	return fmt.Sprintf("%s:#%d-#%d", e.File, e.Start, e.End)
}

// oneLine replaces line breaks so a message stays on its line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)), " ")
}

// summaryLine states the counts per severity, what was analysed, what
// could not be, and the versions compared.
func summaryLine(v *view) string {
	var b strings.Builder
	c := v.counts()
	if n := len(v.findings); n == 0 {
		b.WriteString("no findings")
	} else {
		var parts []string
		if c.errors > 0 {
			parts = append(parts, plural(c.errors, "error"))
		}
		if c.warnings > 0 {
			parts = append(parts, plural(c.warnings, "warning"))
		}
		if c.infos > 0 {
			parts = append(parts, fmt.Sprintf("%d info", c.infos))
		}
		fmt.Fprintf(&b, "%s (%s)", plural(n, "finding"), strings.Join(parts, ", "))
	}
	if len(v.inputs) == 0 {
		b.WriteString("; nothing was analysed")
	} else {
		fmt.Fprintf(&b, " in %s (%s)", plural(len(v.inputs), "input"), inputKinds(v.inputs))
	}
	skipped := 0
	for _, pr := range v.problems {
		if pr.Skipped {
			skipped++
		}
	}
	if n := len(v.problems) - skipped; n > 0 {
		fmt.Fprintf(&b, "; %s not analysed", plural(n, "input"))
	}
	if skipped > 0 {
		fmt.Fprintf(&b, "; %s skipped", plural(skipped, "check"))
	}
	switch {
	case v.r.From != "" && v.r.FromSource != "":
		fmt.Fprintf(&b, "; upgrade from %s (%s) to %s", v.r.From, v.r.FromSource, targetOrUnknown(v.r.Target))
	case v.r.From != "":
		fmt.Fprintf(&b, "; upgrade from %s to %s", v.r.From, targetOrUnknown(v.r.Target))
	case v.r.Target != "":
		fmt.Fprintf(&b, "; target %s", v.r.Target)
	}
	return b.String()
}

func targetOrUnknown(t string) string {
	if t == "" {
		return "an unknown target"
	}
	return t
}

// inputKinds summarises inputs by kind: "3 packages, 1 config-yaml".
func inputKinds(in []Input) string {
	var kinds []string
	n := map[string]int{}
	for _, i := range in {
		k := i.Kind
		if k == "" {
			k = "other"
		}
		if n[k] == 0 {
			kinds = append(kinds, k)
		}
		n[k]++
	}
	// Inputs are sorted by detector then kind, so kinds come out in a
	// stable order.
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = plural(n[k], k)
	}
	return strings.Join(parts, ", ")
}

// severityWord is the severity as the text format prints it, readable
// without colour: error, warning or info.
func severityWord(s rules.Severity) string {
	if s == 0 {
		return "info"
	}
	return s.String()
}
