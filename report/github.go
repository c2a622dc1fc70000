package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// renderGitHub writes GitHub Actions workflow commands, one annotation per
// finding and per problem, then the summary as a plain log line:
//
//	::error file=F,line=L,col=C,title=RULE::message
//
// Errors are ::error, warnings ::warning and info ::notice. Findings at an
// endpoint or path carry no file property; their location starts the
// message.
func renderGitHub(w0 io.Writer, v *view) error {
	w := &errWriter{w: w0}
	for _, f := range v.findings {
		var props []string
		msg := f.Message
		if l := f.Location; l.File != "" {
			props = append(props, "file="+ghProperty(filepath.ToSlash(l.File)))
			if l.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", l.Line))
				if l.EndLine >= l.Line {
					props = append(props, fmt.Sprintf("endLine=%d", l.EndLine))
				}
				if l.Column > 0 {
					props = append(props, fmt.Sprintf("col=%d", l.Column))
					if l.EndLine == l.Line && l.EndColumn > l.Column {
						props = append(props, fmt.Sprintf("endColumn=%d", l.EndColumn))
					}
				}
			}
		} else if loc := l.primary(); loc != "" {
			msg = loc + ": " + msg
		}
		props = append(props, "title="+ghProperty(f.Rule))
		if f.Fix != nil {
			msg += "\nFix: " + f.Fix.Description
		}
		if f.Note != "" {
			msg += "\nNote: " + f.Note
		}
		if u := v.ruleURL(f.Rule); u != "" {
			msg += "\nSee " + u
		}
		w.printf("::%s %s::%s\n", ghCommand(f.Severity), strings.Join(props, ","), ghData(msg))
	}
	for _, p := range v.problems {
		props := []string{}
		if p.Line > 0 && !strings.Contains(p.Input, "://") {
			props = append(props, "file="+ghProperty(filepath.ToSlash(p.Input)), fmt.Sprintf("line=%d", p.Line))
		}
		props = append(props, "title="+ghProperty("not analysed"))
		w.printf("::error %s::%s\n", strings.Join(props, ","), ghData(p.position()+": "+p.Message))
	}
	if len(v.inputs) == 0 {
		w.printf("::error title=%s::%s\n", ghProperty("nothing analysed"),
			ghData("etcdlint analysed nothing: no package, config file, endpoint or data dir"))
	}
	for _, n := range v.r.Notices {
		w.printf("::warning title=%s::%s\n", ghProperty(ToolName), ghData(n))
	}
	w.printf("%s: %s\n", ToolName, summaryLine(v))
	return w.err
}

// ghCommand returns the workflow command for a severity.
func ghCommand(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// ghData escapes a workflow command's message as the Actions runner
// expects (actions/toolkit escapeData): %, CR and LF.
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghDataEscaper and ghPropertyEscaper are read-only after initialisation
// (a strings.Replacer is safe for concurrent use).
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghProperty escapes a workflow command property value (actions/toolkit
// escapeProperty): %, CR, LF, ':' and ','.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
