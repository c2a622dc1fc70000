package codecheck

import (
	"strings"

	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// fromVersion returns the version the analyzers upgraded from, read from
// the etcdversion analyzer's results: the --from flag, or else the lowest
// version inferred for any package. The source is "flag", "go.mod" or
// "imports". Facts record the go.mod requirement each inference came from
// and, when packages disagree, each package's version.
func fromVersion(dir string, results []versionResult) (from, source string, facts []report.Fact) {
	type inferred struct{ version, source string }
	byPkg := map[string]inferred{}
	requirement := map[string]string{} // go.mod path -> requirement
	for _, vr := range results {
		res := vr.result
		if res.From.IsZero() {
			continue
		}
		src, detail, _ := strings.Cut(res.FromSource, " (")
		if src == etcdversion.SourceGoMod && res.GoModPath != "" {
			requirement[relPath(dir, res.GoModPath)] = strings.TrimSuffix(detail, ")")
		}
		byPkg[vr.pkgPath] = inferred{res.From.String(), src}
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
	for _, gomod := range sortedKeys(requirement) {
		facts = append(facts, report.Fact{Subject: gomod, Name: "etcd_requirement", Value: requirement[gomod]})
	}
	if len(distinct) > 1 {
		for _, pkg := range sortedKeys(byPkg) {
			facts = append(facts, report.Fact{Subject: pkg, Name: "etcd_from", Value: byPkg[pkg].version + " (" + byPkg[pkg].source + ")"})
		}
	}
	return from, source, facts
}

// versionResult is the version analyzer's result for one package.
type versionResult struct {
	pkgPath string
	result  *etcdversion.Result
}
