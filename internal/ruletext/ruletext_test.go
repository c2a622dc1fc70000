package ruletext

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/rules"
)

func TestRewrite(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	var warning, errorRule string
	for _, r := range cat.Rules() {
		if r.Severity == rules.Warning && warning == "" {
			warning = r.ID
		}
		if r.Severity == rules.Error && errorRule == "" {
			errorRule = r.ID
		}
	}
	d := analysis.Diagnostic{Pos: token.Pos(1), Category: errorRule, Message: "package x moved",
		Related: []analysis.RelatedInformation{{Message: "note: run: go get y"}, {Message: "declared here"}}}
	got := Rewrite(d, cat)
	if want := errorRule + ": package x moved; note: run: go get y"; got.Message != want {
		t.Errorf("message %q, want %q", got.Message, want)
	}
	if len(got.Related) != 1 || got.Related[0].Message != "declared here" {
		t.Errorf("related %+v: the note must be folded in, the rest kept", got.Related)
	}
	if len(d.Related) != 2 {
		t.Error("Rewrite modified its argument's Related")
	}
	w := Rewrite(analysis.Diagnostic{Category: warning, Message: "m"}, cat)
	if want := warning + " (warning): m"; w.Message != want {
		t.Errorf("warning message %q, want %q", w.Message, want)
	}
	if again := Rewrite(got, cat); again.Message != got.Message {
		t.Errorf("rewriting twice gives %q", again.Message)
	}
}

func TestApply(t *testing.T) {
	var reported []string
	a := &analysis.Analyzer{Name: "x", Doc: "x", Run: func(pass *analysis.Pass) (any, error) {
		pass.Report(analysis.Diagnostic{Category: "EC3401", Message: "moved"})
		pass.Reportf(token.NoPos, "plain")
		return nil, nil
	}}
	Apply([]*analysis.Analyzer{a}, nil)
	pass := &analysis.Pass{Report: func(d analysis.Diagnostic) { reported = append(reported, d.Message) }}
	if _, err := a.Run(pass); err != nil {
		t.Fatal(err)
	}
	if len(reported) != 2 || reported[0] != "EC3401: moved" || reported[1] != "plain" {
		t.Errorf("reported %q", reported)
	}
}
