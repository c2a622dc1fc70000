// Command vettool is the smallest program that serves etcdlint's analyzers
// to go vet and go fix, the way cmd/etcdlint does before parsing its flags.
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
	fmt.Fprintln(os.Stderr, "vettool: not invoked by go vet or go fix")
	os.Exit(2)
}
