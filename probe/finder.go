package probe

import (
	"fmt"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// finder adds findings for catalog rules to a report.
type finder struct {
	cat    *rules.Catalog
	rep    *report.Report
	target rules.Version // zero when no target was given
}

// add records a finding for rule id. The severity and source come from
// the catalog; a rule missing from the catalog is a programming error
// reported as a problem rather than a panic.
func (f *finder) add(id string, det rules.Detector, loc report.Location, note, format string, args ...any) {
	r := f.cat.Rule(id)
	if r == nil {
		f.rep.Problems = append(f.rep.Problems, report.Problem{
			Input:    loc.Endpoint + loc.Path,
			Message:  fmt.Sprintf("rule %s is missing from the catalog", id),
			Detector: det,
		})
		return
	}
	fd := report.Finding{
		Rule:     id,
		Severity: r.Severity,
		Message:  fmt.Sprintf(format, args...),
		Location: loc,
		Source:   r.Source,
		Detector: det,
		Note:     note,
	}
	if a := r.Action; a != "" {
		fd.Fix = &report.Fix{Description: a}
	}
	f.rep.Findings = append(f.rep.Findings, fd)
}

// fact records an observation.
func (f *finder) fact(subject, name, format string, args ...any) {
	f.rep.Facts = append(f.rep.Facts, report.Fact{Subject: subject, Name: name, Value: fmt.Sprintf(format, args...)})
}

// problem records something that could not be read.
func (f *finder) problem(input string, det rules.Detector, unreachable bool, format string, args ...any) {
	f.rep.Problems = append(f.rep.Problems, report.Problem{
		Input:       input,
		Message:     fmt.Sprintf(format, args...),
		Detector:    det,
		Unreachable: unreachable,
	})
}

// applies reports whether rule id's change lies on the way from from to
// the target. With no target nothing applies; with an unknown from (zero)
// the rule applies when the target has reached it.
func (f *finder) applies(id string, from rules.Version) bool {
	r := f.cat.Rule(id)
	if r == nil || f.target.IsZero() {
		return false
	}
	if r.EveryHop() {
		return true
	}
	if from.IsZero() {
		since := r.SinceVersion()
		since.HasPatch = true
		return !f.target.Less(since)
	}
	if !from.HasPatch {
		from.HasPatch = true // X.Y means X.Y.0
	}
	return r.Applies(from, f.target)
}

// crosses reports whether the upgrade from from to the target moves
// into line (X.Y) or past it: from is below X.Y.0 and the target at or
// above it. An unknown from counts as below.
func (f *finder) crosses(from rules.Version, line string) bool {
	if f.target.IsZero() {
		return false
	}
	l := rules.MustParseVersion(line)
	l.HasPatch = true
	if f.target.Less(l) {
		return false
	}
	return from.IsZero() || from.Less(l)
}
