package codecheck

import (
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestErrorText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"undefined: x", "undefined: x"},
		{"# example.com/p\nbroken.go:5:1: syntax error", "broken.go:5:1: syntax error"},
		{"no required module provides package a/b; to add it:\n\tgo get a/b", "no required module provides package a/b; to add it: go get a/b"},
		{"\n  first\nsecond", "first"},
		{"", ""},
	} {
		if got := errorText(tc.in); got != tc.want {
			t.Errorf("errorText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitPos(t *testing.T) {
	for _, tc := range []struct {
		in   string
		file string
		line int
		ok   bool
	}{
		{"/a/b.go:12:3", "/a/b.go", 12, true},
		{"/a/b.go:12", "/a/b.go", 12, true},
		{`C:\a\b.go:7:1`, `C:\a\b.go`, 7, true},
		{"", "", 0, false},
		{"-", "", 0, false},
		{"b.go", "", 0, false},
	} {
		file, line, ok := splitPos(tc.in)
		if file != tc.file || line != tc.line || ok != tc.ok {
			t.Errorf("splitPos(%q) = %q, %d, %v; want %q, %d, %v", tc.in, file, line, ok, tc.file, tc.line, tc.ok)
		}
	}
}

func TestFirstError(t *testing.T) {
	list := packages.Error{Msg: "# p\nx", Kind: packages.ListError}
	typ := packages.Error{Pos: "a.go:3:1", Msg: "undefined: y", Kind: packages.TypeError}
	parse := packages.Error{Pos: "b.go:9:2", Msg: "expected operand", Kind: packages.ParseError}
	if got := firstError([]packages.Error{list, typ, parse}); got != parse {
		t.Errorf("firstError = %+v, want the parse error", got)
	}
	if got := firstError([]packages.Error{list, typ}); got != typ {
		t.Errorf("firstError = %+v, want the type error", got)
	}
	if got := firstError([]packages.Error{list}); got != list {
		t.Errorf("firstError = %+v, want the list error", got)
	}
}
