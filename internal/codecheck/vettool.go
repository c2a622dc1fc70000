package codecheck

import (
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/internal/ruletext"
	"github.com/etcdlint/etcdlint/rules"
)

// IsVetTool reports whether args (os.Args[1:]) follow the protocol cmd/go
// uses to run an analysis tool for `go vet -vettool=prog` and
// `go fix -fixtool=prog`:
//
//	prog -V=full          describe the executable (for the build cache)
//	prog -flags           describe the analyzer flags as JSON
//	prog [flags] x.cfg    analyse the compilation unit described in x.cfg
//
// The etcdlint CLI must call it before parsing its own flags.
func IsVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if len(args) == 1 && (args[0] == "-flags" || args[0] == "--flags" || strings.HasPrefix(args[0], "-V=") || strings.HasPrefix(args[0], "--V=")) {
		return true
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") || strings.HasPrefix(last, "-") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false // flags only, before the one .cfg file
		}
	}
	return true
}

// VetMain runs the analyzers as a unitchecker tool on the compilation unit
// cmd/go describes in os.Args, and exits. The etcdversion analyzer's flags
// are exposed as analyzer flags, so
// `go vet -vettool=prog -etcdversion.target=3.6 ./...` works as
// `etcdlint code --target 3.6` does (and -etcdversion.from as --from).
// Each analyzer can be enabled alone with -NAME (e.g. -grpcerrors). It
// never returns. Messages start with the rule ID and carry their notes
// (see package ruletext), since go vet prints nothing else.
func VetMain() {
	cat, _ := rules.Load() // a load error is reported by the analyzers
	unitchecker.Main(closure(ruletext.Apply(analyzers.NewSuite(analyzers.Config{}), cat))...)
	panic("unreachable")
}
