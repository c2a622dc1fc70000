package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// BenchmarkRender renders a report of 10,000 findings over 1,000 files in
// every format.
func BenchmarkRender(b *testing.B) {
	r := &Report{Target: "3.7.3", From: "3.4.45", FromSource: "go.mod"}
	for i := range 10000 {
		r.Findings = append(r.Findings, Finding{
			Rule: []string{"EC3201", "EC3401", "EC3301", "ES3601"}[i%4], Severity: rules.Severity(i%3 + 1),
			Detector: rules.DetectCode, Message: fmt.Sprintf("finding %d: something the upgrade to 3.7.3 breaks", i),
			Location: Location{File: fmt.Sprintf("%s/pkg%d/file%d.go", workDir, i%100, i%1000), Line: i%500 + 1, Column: 3},
			Fix: &Fix{Description: "Replace it", Edits: []Edit{{File: fmt.Sprintf("%s/pkg%d/file%d.go", workDir, i%100, i%1000),
				Start: 10, End: 20, NewText: "x", Line: 1, Column: 11, EndLine: 1, EndColumn: 21}}},
		})
	}
	for i := range 100 {
		r.Inputs = append(r.Inputs, Input{Kind: "package", Name: fmt.Sprintf("example.com/app/pkg%d", i), Detector: rules.DetectCode})
	}
	opts := testOptions(b)
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(io.Discard, r, f, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
