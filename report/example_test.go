package report_test

import (
	"os"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func ExampleRender() {
	r := &report.Report{
		From: "3.1.20", FromSource: "go.mod", Target: "3.7.3",
		Findings: []report.Finding{{
			Rule:     "EC3201",
			Severity: rules.Error,
			Message:  "grpc.ErrClientConnTimeout is never returned by clientv3 3.2+ (target 3.7.3): compare with context.DeadlineExceeded",
			Location: report.Location{File: "/src/app/main.go", Line: 12, Column: 12},
			Fix:      &report.Fix{Description: "Replace grpc.ErrClientConnTimeout with context.DeadlineExceeded"},
			Detector: rules.DetectCode,
		}},
		Inputs: []report.Input{{Kind: "package", Name: "example.com/app", Detector: rules.DetectCode}},
	}
	opts := report.RenderOptions{WorkDir: "/src/app", Color: report.ColorEnabled(os.Stdout, os.Getenv)}
	if err := report.Render(os.Stdout, r, report.FormatText, opts); err != nil {
		panic(err)
	}
	// Output:
	// main.go:12:12: error EC3201: grpc.ErrClientConnTimeout is never returned by clientv3 3.2+ (target 3.7.3): compare with context.DeadlineExceeded
	// 	fix: Replace grpc.ErrClientConnTimeout with context.DeadlineExceeded
	//
	// 1 finding (1 error) in 1 input (1 package); upgrade from 3.1.20 (go.mod) to 3.7.3
}
