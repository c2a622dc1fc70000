package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func runConfig(ctx context.Context, env *Env, args []string) error {
	var c common
	var f configFlags
	fs := newFlagSet(env, "config", "config [flags] PATH...  (files or directories; - reads standard input)",
		"  etcdlint config /etc/etcd/etcd.conf.yml --target 3.6\n  etcdlint config deploy/ --from 3.5 --format sarif --output etcd.sarif\n  etcdlint config --diff deploy/etcd.env")
	c.register(fs)
	fs.BoolVar(&f.fix, "fix", false, "rewrite the files for the target version, writing only what the from version accepts too (safe while members of both run)")
	fs.BoolVar(&f.diff, "diff", false, "print what --fix would change as a unified diff")
	fs.BoolVar(&f.afterUpgrade, "fix-after-upgrade", false, afterUpgradeHelp)
	fs.StringVar(&f.root, "root", "", rootHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("no config given: name etcd config files, units, manifests, env files or directories (- for standard input)")
	}
	if f.fix && f.diff {
		return usageErrorf("--fix and --diff exclude each other: --diff shows what --fix would write")
	}
	if err := c.diffNeedsText(f.diff); err != nil {
		return err
	}
	s, err := prepare(env, &c)
	if err != nil {
		return err
	}
	res, err := runConfigEngine(ctx, env, s, &f, fs.Args())
	if err != nil {
		return err
	}
	if f.diff {
		return printDiff(env, &c, s, res.Report, res.Diff)
	}
	if f.fix || f.afterUpgrade {
		fmt.Fprintf(env.Stderr, "etcdlint config: rewrote %s\n", plural(len(res.Fixed), "file", "files"))
	}
	return finish(env, &c, s, res.Report)
}

func runProbe(ctx context.Context, env *Env, args []string) error {
	var c common
	var f probeFlags
	fs := newFlagSet(env, "probe", "probe [flags]  (--endpoints URL,... and/or --data-dir DIR)",
		"  etcdlint probe --endpoints https://10.0.0.1:2379 --cacert ca.pem --target 3.6\n  etcdlint probe --data-dir /var/lib/etcd")
	c.register(fs)
	f.register(fs)
	f.registerVerify(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments %q: use --endpoints or --data-dir", fs.Args())
	}
	if f.verify && c.target == "" {
		return usageErrorf("--verify-upgrade needs --target: the version the cluster was upgraded to")
	}
	if f.before != "" && !f.verify {
		return usageErrorf("--before is read by --verify-upgrade only")
	}
	if f.serve != "" && (f.verify || f.save != "" || len(f.dataDirs) > 0) {
		return usageErrorf("--serve watches endpoints; it does not combine with --verify-upgrade, --save or --data-dir")
	}
	s, err := prepare(env, &c)
	if err != nil {
		return err
	}
	if f.serve != "" {
		return serveProbe(ctx, env, s, &f)
	}
	rep, err := runProbeEngine(ctx, env, s, &f)
	if err != nil {
		return err
	}
	return finish(env, &c, s, rep)
}

func runCheck(ctx context.Context, env *Env, args []string) error {
	var c common
	var cf codeFlags
	var pf probeFlags
	var code, configs []string
	var configRoot string
	var afterUpgrade bool
	fs := newFlagSet(env, "check", "check [flags]  (--code, --config-path, --endpoints, --data-dir: any combination)",
		"  etcdlint check --code ./... --config-path deploy/ --from 3.5 --target 3.6\n  etcdlint check --code . --code-from 3.4 --endpoints https://10.0.0.1:2379")
	c.register(fs)
	fs.StringArrayVar(&code, "code", nil, "Go packages to analyse, as a directory or DIR/... pattern (repeatable)")
	fs.StringArrayVar(&configs, "config-path", nil, "etcd config file, unit, manifest, env file or directory to check (repeatable)")
	fs.StringVar(&configRoot, "root", "", rootHelp)
	fs.BoolVar(&afterUpgrade, "fix-after-upgrade", false, afterUpgradeHelp+" (the --config-path files)")
	cf.register(fs, "code-")
	fs.StringVar(&cf.from, "code-from", "", "etcd client version the code is written against (default: inferred from go.mod and imports; --from speaks for the servers)")
	cf.fromFlag = "--code-from"
	pf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments %q: use --code, --config-path, --endpoints or --data-dir", fs.Args())
	}
	if len(code) == 0 && len(configs) == 0 && !pf.any() && env.Getenv("ETCDCTL_ENDPOINTS") == "" {
		return usageErrorf("nothing to check: give --code, --config-path, --endpoints or --data-dir")
	}
	s, err := prepare(env, &c)
	if err != nil {
		return err
	}
	rep := &report.Report{Target: s.target.String()}
	parts := partRunner{fault: env.partFault}
	if cf.from != "" {
		if _, err := rules.ParseVersion(cf.from); err != nil {
			return usageErrorf("--code-from: %v", err)
		}
	}
	// The probe runs first: the cluster's versions are the best "from".
	if pf.any() || env.Getenv("ETCDCTL_ENDPOINTS") != "" {
		if err := parts.run(rep, "probe", rules.DetectProbe, func() (*report.Report, error) {
			return runProbeEngine(ctx, env, s, &pf)
		}); err != nil {
			return err
		}
	}
	// The cluster's version is what the config runs on today; the code's
	// client version is its own (go.mod, --code-from), so only the config
	// uses it.
	configSetup := *s
	if s.from.IsZero() && rep.From != "" {
		if v, err := rules.ParseVersion(rep.From); err == nil {
			configSetup.from, configSetup.fromSource = v, rep.FromSource
		}
	}
	for _, dir := range code {
		f := cf
		f.dir, _ = strings.CutSuffix(dir, "/...")
		if err := parts.run(rep, "code", rules.DetectCode, func() (*report.Report, error) {
			res, err := runCodeEngine(ctx, env, s, &f, nil)
			if err != nil {
				return nil, err
			}
			relativizeCode(env, f.dir, res.Report)
			return res.Report, nil
		}); err != nil {
			return err
		}
	}
	if len(configs) > 0 {
		if err := parts.run(rep, "config", rules.DetectConfig, func() (*report.Report, error) {
			res, err := runConfigEngine(ctx, env, &configSetup, &configFlags{root: configRoot, afterUpgrade: afterUpgrade}, configs)
			if err != nil {
				return nil, err
			}
			if afterUpgrade {
				fmt.Fprintf(env.Stderr, "etcdlint check: rewrote %s\n", plural(len(res.Fixed), "config file", "config files"))
			}
			return res.Report, nil
		}); err != nil {
			return err
		}
	}
	err = finish(env, &c, s, rep)
	if len(parts.failed) > 0 {
		// A failed part is a tool failure, whatever the findings say.
		var ee *exitError
		if err == nil || errors.As(err, &ee) && ee.code != ExitUsage {
			return &exitError{code: ExitUsage, err: fmt.Errorf("%s failed (see the report)", strings.Join(parts.failed, " and "))}
		}
	}
	return err
}

// relativizeCode rewrites the file paths of a code report, which are
// relative to the directory the packages were loaded from, to be relative
// to the working directory.
func relativizeCode(env *Env, dir string, rep *report.Report) {
	if dir == "" || filepath.IsAbs(dir) {
		relativize(env, rep)
		return
	}
	join := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for i := range rep.Findings {
		rep.Findings[i].Location.File = join(rep.Findings[i].Location.File)
		if fx := rep.Findings[i].Fix; fx != nil {
			for j := range fx.Edits {
				fx.Edits[j].File = join(fx.Edits[j].File)
			}
		}
	}
	for i := range rep.Problems {
		rep.Problems[i].Input = join(rep.Problems[i].Input)
	}
	for i := range rep.Inputs {
		rep.Inputs[i].Dir = join(rep.Inputs[i].Dir)
	}
}

// partRunner runs the parts of check (probe, code, config) so that one
// part's failure does not lose the others' results.
type partRunner struct {
	// fault, when set, is called before each part and may fail or panic
	// in its place (tests use it to make a part fail for real).
	fault func(part string) error
	// failed lists the parts that failed, in order.
	failed []string
}

// run runs one part and merges its report into rep. An error or a panic
// of the part becomes a problem "PART part failed: ..." of rep; only a
// usage error (a mistaken invocation) is returned, to stop the run.
func (p *partRunner) run(rep *report.Report, part string, det rules.Detector, fn func() (*report.Report, error)) error {
	r, err := func() (r *report.Report, err error) {
		defer func() {
			if v := recover(); v != nil {
				r, err = nil, fmt.Errorf("internal error: %v", v)
			}
		}()
		if p.fault != nil {
			if err := p.fault(part); err != nil {
				return nil, err
			}
		}
		return fn()
	}()
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	if err != nil {
		p.failed = append(p.failed, part)
		rep.Problems = append(rep.Problems, report.Problem{Input: part, Message: fmt.Sprintf("%s part failed: %v", part, err), Detector: det})
		return nil
	}
	if r != nil {
		rep.Merge(r)
	}
	return nil
}
