package cli

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
	"github.com/spf13/pflag"
)

// A sink is one rendering of the report: a format and where it goes
// ("" or "-" for standard output).
type sink struct {
	format report.Format
	path   string
}

// sinkList collects --format and --output in command-line order: each
// --output names the file of the --format given just before it, so
// `--format sarif --output r.sarif --format text` writes SARIF to r.sarif
// and text to standard output. FORMAT=FILE is accepted as a shorthand.
type sinkList struct {
	sinks []sink
	// pending is an --output given before any --format.
	pending string
}

type formatValue struct{ l *sinkList }

func (v formatValue) String() string {
	var s []string
	for _, k := range v.l.sinks {
		s = append(s, string(k.format))
	}
	return strings.Join(s, ",")
}

func (v formatValue) Set(s string) error {
	name, file, _ := strings.Cut(s, "=")
	f, err := report.ParseFormat(name)
	if err != nil {
		return err
	}
	if file == "" && len(v.l.sinks) == 0 && v.l.pending != "" {
		file, v.l.pending = v.l.pending, ""
	}
	v.l.sinks = append(v.l.sinks, sink{format: f, path: file})
	return nil
}

func (formatValue) Type() string { return "format[=file]" }

type outputValue struct{ l *sinkList }

func (v outputValue) String() string { return "" }

func (v outputValue) Set(s string) error {
	if s == "" {
		return fmt.Errorf("empty file name")
	}
	if n := len(v.l.sinks); n > 0 {
		last := &v.l.sinks[n-1]
		if last.path != "" {
			return fmt.Errorf("--format %s already writes to %s: give a --format before each --output", last.format, last.path)
		}
		last.path = s
		return nil
	}
	if v.l.pending != "" {
		return fmt.Errorf("two --output flags before any --format")
	}
	v.l.pending = s
	return nil
}

func (outputValue) Type() string { return "file" }

// resolved returns the sinks to write, defaulting to text on stdout.
func (l *sinkList) resolved() ([]sink, error) {
	out := l.sinks
	if len(out) == 0 {
		out = []sink{{format: report.FormatText, path: l.pending}}
	}
	seen := map[string]bool{}
	for _, s := range out {
		p := s.path
		if p == "" {
			p = "-"
		}
		if seen[p] {
			return nil, usageErrorf("two formats write to %s: give each --format its own --output", p)
		}
		seen[p] = true
	}
	return out, nil
}

// common holds the flags every reporting subcommand shares.
type common struct {
	target     string
	from       string
	failOn     string
	configFile string
	pathPrefix string
	enable     []string
	disable    []string
	sinks      sinkList
}

func (c *common) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.target, "target", "", "etcd version to upgrade to, X.Y or X.Y.Z (default: newest stable etcd in the catalog)")
	fs.StringVar(&c.from, "from", "", "etcd version upgraded from (default: inferred from go.mod, imports or the cluster)")
	fs.StringVar(&c.failOn, "fail-on", "", "lowest severity that fails the run: error, warning, info or never (default error)")
	fs.StringVar(&c.configFile, "config", "", "project config file (default: .etcdlint.toml in the working directory or a parent)")
	fs.Var(formatValue{&c.sinks}, "format", "output format: text, json, sarif, junit, github or markdown; repeat for several, each followed by its --output")
	fs.Var(outputValue{&c.sinks}, "output", "write the preceding --format to this file instead of standard output")
	fs.StringVar(&c.pathPrefix, "path-prefix", "", "prepend this directory to every reported path (a job run in a monorepo's subdirectory)")
	fs.StringSliceVar(&c.enable, "enable", nil, "report only these rules: IDs, families (EC, ES3, EO36...) or all; comma separated, case-insensitive")
	fs.StringSliceVar(&c.disable, "disable", nil, "never report these rules: IDs, families or all (applied after --enable)")
}

// newFlagSet returns the flag set of a subcommand; its --help prints the
// usage line, the examples and the flags.
func newFlagSet(env *Env, name, usageLine, examples string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: etcdlint %s\n\nExamples:\n%s\n\nFlags:\n", usageLine, examples)
		fs.PrintDefaults()
	}
	return fs
}

// diffNeedsText rejects --diff with a report format other than text: the
// diff is printed instead of the report.
func (c *common) diffNeedsText(diff bool) error {
	if !diff {
		return nil
	}
	for _, s := range c.sinks.sinks {
		if s.format != report.FormatText {
			return usageErrorf("--diff prints a unified diff, not a report: drop --format %s", s.format)
		}
	}
	return nil
}

func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return err
		}
		return usageErrorf("%v", err)
	}
	return nil
}

// setup is what every reporting subcommand resolves before it runs.
type setup struct {
	cat      *rules.Catalog
	settings *settings.Settings
	target   rules.Version
	// from is the zero Version when not given by flag or config.
	from       rules.Version
	fromSource string
	failOn     rules.Severity // 0 means never
}

// prepare loads the catalog and project config and resolves the versions.
func prepare(env *Env, c *common) (*setup, error) {
	cat, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("loading rule catalog: %w", err)
	}
	s := &setup{cat: cat}
	path := c.configFile
	if path == "" {
		if path, err = settings.Find(env.Dir); err != nil {
			return nil, usageErrorf("%v", err)
		}
	}
	if path != "" {
		if s.settings, err = settings.Load(path, cat); err != nil {
			return nil, usageErrorf("%v", err)
		}
	}
	for _, l := range []struct {
		flag string
		list []string
	}{{"--enable", c.enable}, {"--disable", c.disable}} {
		for _, p := range l.list {
			if err := settings.CheckRulePattern(cat, p); err != nil {
				return nil, usageErrorf("%s: %v", l.flag, err)
			}
		}
	}
	target, from, failOn := c.target, c.from, c.failOn
	if s.settings != nil {
		target = cmpOr(target, s.settings.Target)
		if from == "" && s.settings.From != "" {
			from, s.fromSource = s.settings.From, "config"
		}
		failOn = cmpOr(failOn, s.settings.FailOn)
	}
	if target == "" {
		s.target = cat.LatestStable()
	} else {
		v, err := rules.ParseVersion(target)
		if err != nil {
			return nil, usageErrorf("--target: %v", err)
		}
		if s.target, err = cat.Resolve(v); err != nil {
			return nil, usageErrorf("--target: %v", err)
		}
	}
	if from != "" {
		v, err := rules.ParseVersion(from)
		if err != nil {
			return nil, usageErrorf("--from: %v", err)
		}
		if _, err := cat.Path(v, s.target); err != nil {
			return nil, usageErrorf("--from %s --target %s: %v", from, s.target, err)
		}
		s.from = v
		if s.fromSource == "" {
			s.fromSource = "flag"
		}
	}
	switch failOn {
	case "", "error":
		s.failOn = rules.Error
	case "never":
		s.failOn = 0
	default:
		if s.failOn, err = rules.ParseSeverity(failOn); err != nil {
			return nil, usageErrorf("--fail-on: %v (or never)", err)
		}
	}
	return s, nil
}

func (s *setup) fromString() string {
	if s.from.IsZero() {
		return ""
	}
	return s.from.String()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
