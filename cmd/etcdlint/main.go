// Command etcdlint finds, before an etcd upgrade, everything the upgrade
// will break: Go code using the etcd client and embed APIs, etcd server
// configuration, and a running cluster or a member's data dir.
//
// Run 'etcdlint help' for the subcommands. The same binary is a go vet
// tool: go vet -vettool=$(which etcdlint) ./...
package main

//go:generate go run . rules --format markdown --output ../../docs/rules.md

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/etcdlint/etcdlint/internal/cli"
	"github.com/etcdlint/etcdlint/internal/codecheck"
)

func main() {
	// go vet and go fix speak the unitchecker protocol to their tool;
	// recognise it before any flag parsing.
	if codecheck.IsVetTool(os.Args[1:]) {
		codecheck.VetMain()
	}
	unlimit := limitMemory(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:])
	stop()
	unlimit()
	os.Exit(code)
}
