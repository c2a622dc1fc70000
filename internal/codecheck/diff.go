package codecheck

import (
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines shown around each change,
// as in diff -u.
const diffContext = 3

// lineOp is one step of a line edit script.
type lineOp struct {
	kind byte // ' ' keep, '-' delete from a, '+' insert from b
	line string
}

// unifiedDiff returns the unified diff (diff -u format) that turns before
// into after, with the file named name on both sides (a/name, b/name). It
// returns "" when the texts are equal.
func unifiedDiff(name, before, after string) string {
	if before == after {
		return ""
	}
	a, b := splitLines(before), splitLines(after)
	ops := diffLines(a, b)

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", name, name)

	// Walk the script, emitting one hunk per cluster of changes whose
	// context windows touch.
	aLine, bLine := make([]int, len(ops)+1), make([]int, len(ops)+1) // 0-based line numbers before op i
	for i, op := range ops {
		aLine[i+1], bLine[i+1] = aLine[i], bLine[i]
		if op.kind != '+' {
			aLine[i+1]++
		}
		if op.kind != '-' {
			bLine[i+1]++
		}
	}
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-diffContext)
		// Extend the hunk while the next change is within 2*context
		// unchanged lines of the previous one.
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(run, end+diffContext)
				break
			}
			end = run
		}
		aCount := aLine[end] - aLine[start]
		bCount := bLine[end] - bLine[start]
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(aLine[start], aCount), hunkRange(bLine[start], bCount))
		for _, op := range ops[start:end] {
			sb.WriteByte(op.kind)
			sb.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				sb.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return sb.String()
}

// hunkRange formats a hunk's line range the way diff -u does: start is
// 0-based, shown 1-based; an empty range shows the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines returns a shortest edit script turning a into b, computed with
// Myers' O(ND) algorithm after trimming the common prefix and suffix.
func diffLines(a, b []string) []lineOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []lineOp
	for _, l := range a[:pre] {
		ops = append(ops, lineOp{' ', l})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, lineOp{' ', l})
	}
	return ops
}

// myers is Myers' greedy shortest-edit-script algorithm. snaps[d] holds
// the furthest x reached on each diagonal k in [-d, d] after d edits; the
// script is recovered by walking the snapshots backwards.
func myers(a, b []string) []lineOp {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	off := n + m + 1
	v := make([]int, 2*off+1)
	var snaps [][]int
	end := -1
	for d := 0; d <= n+m && end < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insertion
			} else {
				x = v[off+k-1] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				end = d
				break
			}
		}
		snaps = append(snaps, append([]int(nil), v[off-d:off+d+1]...))
	}

	// Backtrack from (n, m), collecting ops in reverse.
	var rev []lineOp
	x, y := n, m
	for d := end; d > 0; d-- {
		prev := snaps[d-1] // index k+(d-1)
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		// The edit leads from (px, py) to column mx; a diagonal run of
		// equal lines then leads to (x, y).
		mx := px + 1
		if pk == k+1 {
			mx = px
		}
		for x > mx {
			rev = append(rev, lineOp{' ', a[x-1]})
			x--
			y--
		}
		if pk == k+1 {
			rev = append(rev, lineOp{'+', b[py]})
		} else {
			rev = append(rev, lineOp{'-', a[px]})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		rev = append(rev, lineOp{' ', a[x-1]})
		x--
		y--
	}
	ops := make([]lineOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}
