// Package cli implements the etcdlint command line: its subcommands, their
// flags, the project config, the report sinks and the exit-code contract.
//
// Nothing here calls os.Exit: [Main] returns the exit code, and the
// command's main function exits with it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/etcdlint/etcdlint/analyzers"
)

// Exit codes, the same for every subcommand and output format.
const (
	// ExitOK means nothing was found at or above the --fail-on severity.
	ExitOK = 0
	// ExitFindings means findings at or above the --fail-on severity.
	ExitFindings = 1
	// ExitUsage means a usage error, bad input or a tool failure.
	ExitUsage = 2
	// ExitNothing means nothing was analysed, or a live target could not
	// be reached: the result must not be taken for a clean bill.
	ExitNothing = 3
)

// An exitError carries an exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf returns an error that exits with ExitUsage.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// Env is the process environment a command runs in.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable.
	Getenv func(string) string
	// Dir is the working directory.
	Dir string
	// Version is etcdlint's own version string.
	Version string

	// partFault, when set, is called before each part of check and may
	// fail or panic in its place; tests set it to make a part fail.
	partFault func(part string) error
	// trialStarted, when set, is called as each trial type-check of a
	// module starts; tests count the trials with it.
	trialStarted func(module string)
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"check", "check code, config and a live cluster in one report", runCheck},
		{"code", "find Go code an etcd client upgrade breaks", runCode},
		{"config", "check etcd configuration against the target version", runConfig},
		{"probe", "pre-flight a running cluster or a member's data dir", runProbe},
		{"plan", "print the supported upgrade path with each hop's checklist", runPlan},
		{"rules", "list the rule catalog, or explain one rule", runRules},
		{"schema", "print the JSON Schema of the report, rules or plan json format", runSchema},
		{"version", "print etcdlint's version", runVersion},
	}
}

// Main runs etcdlint with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(env.Stderr, "etcdlint: %v\n", err)
			return ExitUsage
		}
		env.Dir = wd
	}
	if len(args) == 2 && args[0] == "help" {
		return helpTopic(env, args[1])
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	name := args[0]
	if name == "--version" || name == "-V" {
		name, args = "version", append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, env, args[1:])
		return exitCode(env, name, err)
	}
	fmt.Fprintf(env.Stderr, "etcdlint: unknown command %q (run 'etcdlint help')\n", name)
	return ExitUsage
}

func exitCode(env *Env, name string, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return ExitOK
	}
	var ee *exitError
	code := ExitUsage
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	}
	if msg := err.Error(); msg != "" {
		// One line per error: a joined error prints each on its own line.
		for _, line := range strings.Split(msg, "\n") {
			fmt.Fprintf(env.Stderr, "etcdlint %s: %s\n", name, line)
		}
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "etcdlint finds what an etcd upgrade will break, before the upgrade.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: etcdlint <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'etcdlint <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or tool error,")
	fmt.Fprintln(w, "3 nothing analysed or a target unreachable.")
	fmt.Fprintln(w, "As a vet tool: go vet -vettool=$(which etcdlint) ./...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Analyzers (go vet -vettool; enable one alone with -NAME, flags with 'etcdlint -flags'):")
	for _, a := range analyzers.NewSuite(analyzers.Config{}) {
		doc, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "  %-14s %s\n", a.Name, doc)
	}
	fmt.Fprintln(w, "Run 'etcdlint help NAME' for an analyzer's documentation.")
}

// helpTopic prints the help of a command or the documentation of an
// analyzer, as 'go tool vet help NAME' does.
func helpTopic(env *Env, name string) int {
	for _, c := range commands() {
		if c.name == name {
			return exitCode(env, name, c.run(context.Background(), env, []string{"--help"}))
		}
	}
	for _, a := range analyzers.NewSuite(analyzers.Config{}) {
		if strings.EqualFold(a.Name, name) {
			fmt.Fprintf(env.Stdout, "%s: %s\n", a.Name, a.Doc)
			return ExitOK
		}
	}
	fmt.Fprintf(env.Stderr, "etcdlint help: no command or analyzer %q (run 'etcdlint help')\n", name)
	return ExitUsage
}
