// Command vettool serves etcdlint's analyzers to go vet and go fix the way
// cmd/etcdlint does, by handing the vet tool protocol to codecheck before
// any flag parsing. It is the smallest such program, so tests build it
// quickly.
package main

import (
	"fmt"
	"os"

	"github.com/etcdlint/etcdlint/internal/codecheck"
)

func main() {
	if codecheck.IsVetTool(os.Args[1:]) {
		codecheck.VetMain()
	}
	fmt.Fprintln(os.Stderr, "vettool: run me as go vet -vettool=vettool or go fix -fixtool=vettool")
	os.Exit(2)
}
