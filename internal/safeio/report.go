package safeio

import "github.com/etcdlint/etcdlint/report"

// RedactReport removes URL credentials from every text of a report
// (messages, notes, fixes, problems, facts) before any output format
// renders it.
func RedactReport(r *report.Report) {
	if r == nil {
		return
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Message, f.Note = Redacted(f.Message), Redacted(f.Note)
		if f.Fix != nil {
			f.Fix.Description = Redacted(f.Fix.Description)
			for j := range f.Fix.Edits {
				f.Fix.Edits[j].NewText = Redacted(f.Fix.Edits[j].NewText)
			}
		}
	}
	for i := range r.Problems {
		r.Problems[i].Input = Redacted(r.Problems[i].Input)
		r.Problems[i].Message = Redacted(r.Problems[i].Message)
	}
	for i := range r.Facts {
		r.Facts[i].Subject = Redacted(r.Facts[i].Subject)
		r.Facts[i].Value = Redacted(r.Facts[i].Value)
	}
}
