package configcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/report"
)

var ignoreRE = regexp.MustCompile(`#\s*etcdlint:ignore(?:\s+(\S+))?(?:\s+(.*))?$`)

// suppress drops findings covered by "# etcdlint:ignore RULE reason"
// comments: a comment on its own line covers the next line, a trailing
// comment its own line. A directive without a reason or naming an
// unknown rule is reported (ES0008) and suppresses nothing.
func (r *run) suppress() {
	type key struct {
		file string
		line int
	}
	covered := map[key][]string{}
	for _, src := range r.sources {
		for n := 1; n <= len(src.lines); n++ {
			line := src.line(n)
			if !strings.Contains(line, "etcdlint:ignore") {
				continue
			}
			m := ignoreRE.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			at := pos{n, m[0] + 1}
			ids, reason := "", ""
			if m[2] >= 0 {
				ids = line[m[2]:m[3]]
			}
			if m[4] >= 0 {
				reason = strings.TrimSpace(line[m[4]:m[5]])
			}
			if ids == "" || reason == "" {
				r.finding("ES0008", 0, src, at, "etcdlint:ignore needs a rule ID and a reason (# etcdlint:ignore RULE reason); nothing is suppressed", nil)
				continue
			}
			var list []string
			bad := false
			for _, id := range strings.Split(ids, ",") {
				if r.cat.Rule(id) == nil {
					r.finding("ES0008", 0, src, at, fmt.Sprintf("etcdlint:ignore names unknown rule %q", id), nil)
					bad = true
					continue
				}
				list = append(list, id)
			}
			if bad && len(list) == 0 {
				continue
			}
			target := n
			if strings.TrimSpace(line[:m[0]]) == "" {
				// A comment line covers itself and the next non-comment line.
				covered[key{src.name, n}] = append(covered[key{src.name, n}], list...)
				for target = n + 1; target <= len(src.lines); target++ {
					t := strings.TrimSpace(src.line(target))
					if t != "" && !strings.HasPrefix(t, "#") {
						break
					}
				}
			}
			covered[key{src.name, target}] = append(covered[key{src.name, target}], list...)
		}
	}
	if len(covered) == 0 {
		return
	}
	bySrc := map[string]*source{}
	for _, src := range r.sources {
		bySrc[src.name] = src
	}
	r.rep.Findings = slices.DeleteFunc(r.rep.Findings, func(f report.Finding) bool {
		drop := f.Rule != "ES0008" && slices.Contains(covered[key{f.Location.File, f.Location.Line}], f.Rule)
		if drop && f.Fix != nil {
			// A suppressed finding's migration is not applied either.
			for _, e := range f.Fix.Edits {
				if src := bySrc[e.File]; src != nil {
					src.edits = slices.DeleteFunc(src.edits, func(x edit) bool {
						return x.start == e.Line && strings.Join(x.lines, "\n")+"\n" == e.NewText
					})
				}
			}
		}
		return drop
	})
}
