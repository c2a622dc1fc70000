package codecheck

import (
	"golang.org/x/tools/go/analysis/checker"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// fromInfo is implemented by the result of the analyzers' version
// analyzer: the etcd version a package is upgraded from and how it was
// determined ("flag", "go.mod", "imports"), or "" when unknown.
type fromInfo interface {
	FromVersion() (version, source string)
}

// fromVersion returns the version the analyzers upgraded from. With
// --from it is the flag; otherwise the lowest version inferred for any
// package, and, when packages disagree, a fact per package.
func fromVersion(opts Options, graph *checker.Graph) (from, source string, facts []report.Fact) {
	if opts.From != "" {
		return opts.From, "flag", nil
	}
	type inferred struct{ version, source string }
	byPkg := map[string]inferred{}
	for _, act := range graph.Roots {
		fi, ok := act.Result.(fromInfo)
		if !ok {
			continue
		}
		v, src := fi.FromVersion()
		if v == "" {
			continue
		}
		byPkg[act.Package.PkgPath] = inferred{v, src}
	}
	var lowest rules.Version
	distinct := map[inferred]bool{}
	for _, pkg := range sortedKeys(byPkg) {
		in := byPkg[pkg]
		distinct[in] = true
		v, err := rules.ParseVersion(in.version)
		if err != nil {
			continue
		}
		if from == "" || v.Less(lowest) {
			from, source, lowest = in.version, in.source, v
		}
	}
	if len(distinct) > 1 {
		for _, pkg := range sortedKeys(byPkg) {
			facts = append(facts, report.Fact{Subject: pkg, Name: "etcd_from", Value: byPkg[pkg].version + " (" + byPkg[pkg].source + ")"})
		}
	}
	return from, source, facts
}
