// Package report is the finding model every part of etcdlint reports in,
// and the renderers that print it (text, json, sarif, junit, github,
// markdown).
//
// A [Report] records what was analysed as well as what was found, so that
// an empty result can be told apart from a run that looked at nothing.
package report

import (
	"cmp"
	"slices"

	"github.com/etcdlint/etcdlint/rules"
)

// A Finding is one problem found by a detector.
type Finding struct {
	// Rule is the catalog rule ID (e.g. EC3201).
	Rule string `json:"rule"`
	// Severity is the rule's severity after any project override.
	Severity rules.Severity `json:"severity"`
	// Message is lowercase, states the fact and the versions, and has no
	// final period.
	Message string `json:"message"`
	// Location says where: a file position, an endpoint or member, or a
	// data-dir path.
	Location Location `json:"location"`
	// Fix is the suggested fix, if any.
	Fix *Fix `json:"fix,omitempty"`
	// Source is the rule's primary source URL (provenance).
	Source string `json:"source,omitempty"`
	// Detector is the part of etcdlint that reported it.
	Detector rules.Detector `json:"detector"`
	// LowConfidence marks findings made without full information, e.g.
	// from syntax alone when the code no longer type-checks.
	LowConfidence bool `json:"low_confidence,omitempty"`
	// Note is optional extra context (the replacement available, the
	// commands to run).
	Note string `json:"note,omitempty"`
}

// A Location is where a finding points. File positions are 1-based;
// zero means unknown. At most one of File, Endpoint and Path is the
// primary location; Member may accompany Endpoint.
type Location struct {
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	// Endpoint is a client URL of a live member.
	Endpoint string `json:"endpoint,omitempty"`
	// Member is a member's name or hex ID.
	Member string `json:"member,omitempty"`
	// Path is a data-dir or other filesystem path that is not a source file.
	Path string `json:"path,omitempty"`
}

// A Fix is a suggested change.
type Fix struct {
	// Description is imperative and capitalised ("Replace X with Y").
	Description string `json:"description"`
	// Edits are the text changes; empty for a fix that is advice only.
	Edits []Edit `json:"edits,omitempty"`
}

// An Edit replaces the bytes [Start, End) of File with NewText.
type Edit struct {
	File    string `json:"file"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	NewText string `json:"new_text"`
	// Line and Column locate Start (1-based), for renderers that need
	// positions rather than offsets.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// EndLine and EndColumn locate End (1-based).
	EndLine   int `json:"end_line,omitempty"`
	EndColumn int `json:"end_column,omitempty"`
}

// An Input is one thing a detector analysed.
type Input struct {
	// Kind says what it is: "package", "config-yaml", "systemd-unit",
	// "env-file", "kubernetes", "compose", "args", "endpoint", "data-dir"...
	Kind string `json:"kind"`
	// Name is the path, package path or endpoint.
	Name string `json:"name"`
	// Dir is a package's directory, for placing its findings (whose
	// locations are files) under it; empty for other kinds.
	Dir string `json:"dir,omitempty"`
	// Detector is the part of etcdlint that analysed it.
	Detector rules.Detector `json:"detector"`
}

// A Problem is an input that could not be analysed, fully or at all.
// Problems are not findings: they make a run incomplete.
type Problem struct {
	// Input names what could not be analysed (file, package, endpoint).
	Input string `json:"input"`
	// Line is the 1-based line of the problem in Input, if known.
	Line int `json:"line,omitempty"`
	// Message says what went wrong and, where possible, why.
	Message  string         `json:"message"`
	Detector rules.Detector `json:"detector"`
	// Unreachable is true when a live target could not be reached at all.
	Unreachable bool `json:"unreachable,omitempty"`
	// Skipped is true when an optional part of the analysis did not run
	// (the code trial type-check without the target modules) while the
	// rest of the input was analysed. It is reported in every format but
	// does not on its own make the run fail.
	Skipped bool `json:"skipped,omitempty"`
}

// A Report is the result of one etcdlint run.
type Report struct {
	// From is the version upgraded from, when known, and how it was
	// determined ("flag", "go.mod", "imports", "cluster", "config").
	From       string `json:"from,omitempty"`
	FromSource string `json:"from_source,omitempty"`
	// Target is the resolved version upgraded to.
	Target string `json:"target"`
	// Findings are sorted by [Report.Sort].
	Findings []Finding `json:"findings"`
	Inputs   []Input   `json:"inputs"`
	Problems []Problem `json:"problems,omitempty"`
	// Facts are detector-specific observations worth printing (member
	// versions, sizes, the go get lines to run), keyed by a stable name.
	Facts []Fact `json:"facts,omitempty"`
	// Notices are warnings about the run itself, not about an input: a
	// flag that was overridden, an assumption made. Every format prints
	// them.
	Notices []string `json:"notices,omitempty"`
}

// A Fact is a named observation that is not a problem, such as a member's
// version or a data dir's size.
type Fact struct {
	Subject string `json:"subject"` // endpoint, member, path or package
	Name    string `json:"name"`    // e.g. "server_version", "db_size_bytes"
	Value   string `json:"value"`
}

// Merge appends other's contents to r. From and Target are taken from
// other only where r has none.
func (r *Report) Merge(other *Report) {
	if other == nil {
		return
	}
	if r.From == "" {
		r.From, r.FromSource = other.From, other.FromSource
	}
	if r.Target == "" {
		r.Target = other.Target
	}
	r.Findings = append(r.Findings, other.Findings...)
	r.Inputs = append(r.Inputs, other.Inputs...)
	r.Problems = append(r.Problems, other.Problems...)
	r.Facts = append(r.Facts, other.Facts...)
	r.Notices = append(r.Notices, other.Notices...)
}

// Sort orders findings by file, line, column, rule and message (findings
// without a file come after, by endpoint, path and rule), and drops exact
// duplicates.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Findings, compareFindings)
	r.Findings = slices.CompactFunc(r.Findings, func(a, b Finding) bool {
		return compareFindings(a, b) == 0 && a.Location == b.Location
	})
}

func compareFindings(a, b Finding) int {
	af, bf := a.Location.File == "", b.Location.File == ""
	if af != bf {
		if af {
			return 1
		}
		return -1
	}
	return cmp.Or(
		cmp.Compare(a.Location.File, b.Location.File),
		cmp.Compare(a.Location.Line, b.Location.Line),
		cmp.Compare(a.Location.Column, b.Location.Column),
		cmp.Compare(a.Location.Endpoint, b.Location.Endpoint),
		cmp.Compare(a.Location.Path, b.Location.Path),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Counts returns the number of findings at each severity.
func (r *Report) Counts() map[rules.Severity]int {
	m := map[rules.Severity]int{}
	for _, f := range r.Findings {
		m[f.Severity]++
	}
	return m
}

// Worst returns the highest severity among the findings, or 0 for none.
func (r *Report) Worst() rules.Severity {
	var w rules.Severity
	for _, f := range r.Findings {
		w = max(w, f.Severity)
	}
	return w
}

// Unreachable reports whether some live target could not be reached.
func (r *Report) Unreachable() bool {
	return slices.ContainsFunc(r.Problems, func(p Problem) bool { return p.Unreachable })
}
