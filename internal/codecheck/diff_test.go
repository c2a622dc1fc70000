package codecheck

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The expected texts are what GNU diff -u prints for the same inputs.
func TestUnifiedDiffExact(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
	after := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nN\nextra\n"
	want := `--- a/x.go
+++ b/x.go
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,4 +11,5 @@
 k
 l
 m
-n
+N
+extra
`
	if got := unifiedDiff("x.go", before, after); got != want {
		t.Errorf("unifiedDiff:\n%s\nwant:\n%s", got, want)
	}
}

func TestUnifiedDiffMergesCloseHunks(t *testing.T) {
	before := "1\n2\n3\n4\n5\n6\n7\n8\n9\n"
	after := "1\nX\n3\n4\n5\n6\n7\nY\n9\n"
	want := `--- a/f
+++ b/f
@@ -1,9 +1,9 @@
 1
-2
+X
 3
 4
 5
 6
 7
-8
+Y
 9
`
	if got := unifiedDiff("f", before, after); got != want {
		t.Errorf("unifiedDiff:\n%s\nwant:\n%s", got, want)
	}
}

func TestUnifiedDiffEdges(t *testing.T) {
	for _, tc := range []struct {
		name, before, after, want string
	}{
		{"equal", "a\n", "a\n", ""},
		{"from empty", "", "a\nb\n", "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n"},
		{"no final newline", "a\nb", "a\nc", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"pure insertion", "a\nb\n", "a\nnew\nb\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+new\n b\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := unifiedDiff("f", tc.before, tc.after); got != tc.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}

// TestDiffLinesRandom checks on random inputs that the script turns a
// into b, and that applying the unified diff reproduces b.
func TestDiffLinesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func() []string {
		n := rng.IntN(30)
		lines := make([]string, n)
		for i := range lines {
			lines[i] = strconv.Itoa(rng.IntN(6)) + "\n"
		}
		return lines
	}
	for i := range 500 {
		a, b := gen(), gen()
		ops := diffLines(a, b)
		var gotA, gotB []string
		edits := 0
		for _, op := range ops {
			if op.kind != '+' {
				gotA = append(gotA, op.line)
			}
			if op.kind != '-' {
				gotB = append(gotB, op.line)
			}
			if op.kind != ' ' {
				edits++
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("case %d: script does not reproduce the inputs\na=%q\nb=%q\nops=%v", i, a, b, ops)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("case %d: %d edits, shortest is %d", i, edits, want)
		}
		before, after := strings.Join(a, ""), strings.Join(b, "")
		patched, err := applyUnified(before, unifiedDiff("f", before, after))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if patched != after {
			t.Fatalf("case %d: patch gives %q, want %q", i, patched, after)
		}
	}
}

// lcs is the textbook dynamic-programming longest common subsequence.
func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// applyUnified applies a unified diff of one file to before, checking
// every context and deleted line.
func applyUnified(before, diff string) (string, error) {
	if diff == "" {
		return before, nil
	}
	src := splitLines(before)
	lines := strings.SplitAfter(diff, "\n")
	var out []string
	next := 0 // index into src
	for i := 2; i < len(lines) && lines[i] != ""; {
		aStart, _ := parseRange(strings.Fields(lines[i])[1][1:])
		for next < aStart-1 {
			out = append(out, src[next])
			next++
		}
		i++
		for i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			body := l[1:]
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
				body = strings.TrimSuffix(body, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(src) || src[next] != body {
					return "", fmt.Errorf("line %d: have %q, diff says %q", next+1, at(src, next), body)
				}
				if l[0] == ' ' {
					out = append(out, body)
				}
				next++
			case '+':
				out = append(out, body)
			}
			i++
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, ""), nil
}

func parseRange(s string) (start, count int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	count = 1
	if ok {
		count, _ = strconv.Atoi(b)
	}
	if count == 0 {
		start++
	}
	return start, count
}

func at(src []string, i int) string {
	if i < len(src) {
		return src[i]
	}
	return "<EOF>"
}
