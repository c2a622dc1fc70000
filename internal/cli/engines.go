package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/probe/exporter"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// codeFlags are the flags of the code analysis.
type codeFlags struct {
	dir   string
	fix   bool
	diff  bool
	tests bool
	// from is the version the user gave for the code (--from, or
	// --code-from under check) and fromFlag that flag's name.
	from, fromFlag string
	trial          string
}

// register adds the code flags; prefix is "" for the code command and
// "code-" under check, where --code names the directories instead of -C
// and fixes are not applied.
func (f *codeFlags) register(fs *pflag.FlagSet, prefix string) {
	fs.BoolVar(&f.tests, prefix+"tests", true, "analyse test files too")
	fs.StringVar(&f.trial, prefix+"trial", "auto", "type-check the code against the real target etcd modules: auto (skip, reported, when they cannot be had), on (a skip fails the run) or off")
	if prefix == "" {
		fs.StringVarP(&f.dir, "dir", "C", "", "directory to load Go packages from (default: the working directory)")
		fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes to the files")
		fs.BoolVar(&f.diff, "diff", false, "print the suggested fixes as a unified diff instead of a report")
	}
}

func runCodeEngine(ctx context.Context, env *Env, s *setup, f *codeFlags, patterns []string) (*codecheck.Result, error) {
	from, source := codeFrom(s, f.from)
	dir := env.Dir
	if f.dir != "" {
		dir = f.dir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(env.Dir, dir)
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, usageErrorf("%s: not a directory", dir)
	}
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	mode, err := codecheck.ParseTrialMode(f.trial)
	if err != nil {
		return nil, usageErrorf("--trial: %v", err)
	}
	var progress func(string)
	if file, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		progress = func(step string) { fmt.Fprintf(env.Stderr, "etcdlint: %s\n", step) }
	}
	opts := codecheck.Options{
		Dir:      dir,
		Patterns: patterns,
		Target:   s.target.String(),
		Catalog:  s.cat,
		Fix:      f.fix,
		Diff:     f.diff,
		Tests:    f.tests,
		Trial:    mode,
		Progress: progress,
		CacheDir: resultCacheDir(env.Getenv),

		TrialStarted: env.trialStarted,
	}
	// The code's from is the oldest of its own evidence (go.mod, import
	// paths: what the analyzers infer) and the version given. A given
	// version can only move it back, so the analysis first runs on the
	// evidence; only a given version older than the evidence (or with no
	// evidence at all) needs a second run with it.
	res, err := runCodecheck(ctx, opts, from)
	if err != nil {
		return nil, err
	}
	codeFacts(f, source, res)
	if dir == env.Dir {
		relativize(env, res.Report)
	}
	return res, nil
}

// resultCacheDir is the directory of the code result cache:
// $ETCDLINT_CACHE ("off" turns the cache off), else etcdlint/ in the
// user's cache directory as os.UserCacheDir finds it, read through
// getenv. "" means no cache.
func resultCacheDir(getenv func(string) string) string {
	switch v := getenv("ETCDLINT_CACHE"); {
	case v == "off":
		return ""
	case v != "":
		return v
	}
	var base string
	switch runtime.GOOS {
	case "windows":
		base = getenv("LocalAppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			base = filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			base = filepath.Join(home, "lib", "cache")
		}
	default:
		base = getenv("XDG_CACHE_HOME")
		if !filepath.IsAbs(base) {
			base = ""
			if home := getenv("HOME"); home != "" {
				base = filepath.Join(home, ".cache")
			}
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "etcdlint")
}

// runCodecheck runs the code analysis with from as the oldest allowed
// starting point (see runCodeEngine).
func runCodecheck(ctx context.Context, opts codecheck.Options, from rules.Version) (*codecheck.Result, error) {
	if from.IsZero() || opts.Fix {
		// Fixes are applied once, by the run that decides the from.
		if !from.IsZero() {
			probe := opts
			probe.Fix, probe.Diff, probe.Trial = false, false, codecheck.TrialOff
			res, err := codecheck.Run(ctx, probe)
			if err != nil {
				return nil, fmt.Errorf("code analysis: %w", err)
			}
			if inferred, err := rules.ParseVersion(res.Report.From); err != nil || from.Less(inferred) {
				opts.From = from.String()
			}
		}
		res, err := codecheck.Run(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("code analysis: %w", err)
		}
		return res, nil
	}
	res, err := codecheck.Run(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("code analysis: %w", err)
	}
	if inferred, err := rules.ParseVersion(res.Report.From); err == nil && !from.Less(inferred) {
		return res, nil // the evidence is as old or older: it stands
	}
	opts.From = from.String()
	if res, err = codecheck.Run(ctx, opts); err != nil {
		return nil, fmt.Errorf("code analysis: %w", err)
	}
	return res, nil
}

// configFlags are the flags of the config checker.
type configFlags struct {
	fix, diff bool
	// afterUpgrade is --fix-after-upgrade: fix (or, with diff, show)
	// with forms only the target accepts.
	afterUpgrade bool
	root         string
}

// afterUpgradeHelp describes --fix-after-upgrade of config and check.
const afterUpgradeHelp = "like --fix, but also write forms only the target accepts (feature gates, new names): run it once every member runs the target"

// rootHelp describes --root of config and check.
const rootHelp = "directory that absolute paths in the checked files (EnvironmentFile=/etc/etcd.env, --config-file) mean, such as a copy of a node's file system; files are still read only inside the checked paths"

func runConfigEngine(ctx context.Context, env *Env, s *setup, f *configFlags, paths []string) (*configcheck.Result, error) {
	abs := make([]string, len(paths))
	var firstErr error
	missing := 0
	for i, p := range paths {
		if p != "-" && !filepath.IsAbs(p) {
			p = filepath.Join(env.Dir, p)
		}
		if p != "-" {
			if _, err := os.Stat(p); err != nil {
				// A missing path beside good ones is reported in the
				// report and the rest is checked (exit 2 at the end).
				missing++
				if firstErr == nil {
					firstErr = usageErrorf("%s: %v", paths[i], errors.Unwrap(err))
				}
			}
		}
		abs[i] = p
	}
	if missing == len(paths) && firstErr != nil {
		return nil, firstErr
	}
	root := f.root
	if root != "" && !filepath.IsAbs(root) {
		root = filepath.Join(env.Dir, root)
	}
	if root != "" {
		if info, err := os.Stat(root); err != nil || !info.IsDir() {
			return nil, usageErrorf("--root %s: not a directory", f.root)
		}
	}
	res, err := configcheck.Run(ctx, configcheck.Options{
		Root:    root,
		Paths:   abs,
		Stdin:   env.Stdin,
		From:    s.fromString(),
		Target:  s.target.String(),
		Catalog: s.cat,
		Fix:     (f.fix || f.afterUpgrade) && !f.diff,
		Diff:    f.diff,

		FixAfterUpgrade: f.afterUpgrade,
	})
	if err != nil {
		return nil, fmt.Errorf("config check: %w", err)
	}
	relativize(env, res.Report)
	return res, nil
}

// probeFlags are the flags of the live probe, named as etcdctl names them.
type probeFlags struct {
	endpoints    []string
	discover     bool
	cacert       string
	cert         string
	key          string
	insecure     bool
	user         string
	password     string
	passwordFile string
	timeout      time.Duration
	dataDirs     []string
	walDir       string

	// probe command only
	verify   bool
	save     string
	before   string
	serve    string
	interval time.Duration
	cluster  string
	// bootstrap flags of the member whose --data-dir is given
	initialState string
	name         string
	peerURLs     []string
}

func (f *probeFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&f.endpoints, "endpoints", nil, "client URLs of the members to probe, comma separated (env ETCDCTL_ENDPOINTS)")
	fs.BoolVar(&f.discover, "discover", false, "probe every member the cluster lists, not only --endpoints")
	fs.StringVar(&f.cacert, "cacert", "", "CA bundle to verify the members' certificates (env ETCDCTL_CACERT)")
	fs.StringVar(&f.cert, "cert", "", "client certificate (env ETCDCTL_CERT)")
	fs.StringVar(&f.key, "key", "", "client key (env ETCDCTL_KEY)")
	fs.BoolVar(&f.insecure, "insecure-skip-tls-verify", false, "do not verify the members' certificates")
	fs.StringVar(&f.user, "user", "", "user name, or user:password (env ETCDCTL_USER)")
	fs.StringVar(&f.passwordFile, "password-file", "", "read the password from this file (or set ETCDLINT_PASSWORD)")
	fs.StringVar(&f.password, "password", "", "password; prefer ETCDLINT_PASSWORD or --password-file, which stay out of the process list")
	fs.DurationVar(&f.timeout, "timeout", 0, "time limit for each call to a member (default 5s, or ETCDCTL_COMMAND_TIMEOUT)")
	fs.StringArrayVar(&f.dataDirs, "data-dir", nil, "inspect this member data dir offline (repeatable)")
	fs.StringVar(&f.walDir, "wal-dir", "", "the member's separate WAL directory, if any")
}

// registerVerify adds the probe command's own flags: verification after
// the roll and the member snapshot it compares with.
func (f *probeFlags) registerVerify(fs *pflag.FlagSet) {
	fs.BoolVar(&f.verify, "verify-upgrade", false, "check that the upgrade to --target is complete: every member on it, versions, one leader, no alarm, equal HashKV (exit 1 on a mismatch)")
	fs.StringVar(&f.save, "save", "", "write the member list and versions to this JSON file (before the upgrade)")
	fs.StringVar(&f.before, "before", "", "with --verify-upgrade: the file written by --save before the upgrade; the member list must be unchanged")
	fs.StringVar(&f.serve, "serve", "", "probe every --interval and serve Prometheus metrics on this address (host:port): /metrics, /healthz, /report")
	fs.DurationVar(&f.interval, "interval", time.Minute, "with --serve: time between probes")
	fs.StringVar(&f.cluster, "cluster-name", "", "with --serve: the cluster label of every metric (default: the cluster ID)")
	fs.StringVar(&f.initialState, "initial-cluster-state", "", "with one --data-dir: the member's --initial-cluster-state (new or existing), checked against the data dir and the cluster at --endpoints")
	fs.StringVar(&f.name, "name", "", "with --initial-cluster-state: the member's --name")
	fs.StringSliceVar(&f.peerURLs, "initial-advertise-peer-urls", nil, "with --initial-cluster-state: the member's --initial-advertise-peer-urls")
}

// serveProbe runs the exporter until ctx is done.
func serveProbe(ctx context.Context, env *Env, s *setup, f *probeFlags) error {
	o, err := f.options(env, s)
	if err != nil {
		return err
	}
	e, err := exporter.New(exporter.Config{Probe: o, Interval: f.interval, Cluster: f.cluster, ToolVersion: env.Version})
	if err != nil {
		return usageErrorf("--serve: %v", err)
	}
	l, err := net.Listen("tcp", f.serve)
	if err != nil {
		return fmt.Errorf("--serve: %w", err)
	}
	fmt.Fprintf(env.Stderr, "etcdlint probe: serving metrics on http://%s/metrics, probing every %s\n", l.Addr(), f.interval)
	return e.Serve(ctx, l)
}

// maxSnapshot bounds a --before file.
const maxSnapshot = 4 << 20

func (f *probeFlags) any() bool { return len(f.endpoints) > 0 || len(f.dataDirs) > 0 }

func (f *probeFlags) options(env *Env, s *setup) (probe.Options, error) {
	o := probe.Options{
		Endpoints:             f.endpoints,
		Discover:              f.discover,
		CACert:                f.cacert,
		Cert:                  f.cert,
		Key:                   f.key,
		InsecureSkipTLSVerify: f.insecure,
		User:                  f.user,
		Password:              f.password,
		Timeout:               f.timeout,
		WALDir:                f.walDir,
		Catalog:               s.cat,
		Target:                s.target.String(),
	}
	for _, d := range f.dataDirs {
		if !filepath.IsAbs(d) {
			d = filepath.Join(env.Dir, d)
		}
		o.DataDirs = append(o.DataDirs, d)
	}
	if f.passwordFile != "" {
		p := f.passwordFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.Dir, p)
		}
		pw, err := probe.ReadPasswordFile(p)
		if err != nil {
			return o, usageErrorf("--password-file: %v", err)
		}
		o.Password = pw
	}
	if _, _, withPassword := strings.Cut(f.user, ":"); withPassword {
		// The value is never echoed: only that it holds a password.
		fmt.Fprintln(env.Stderr, "etcdlint: warning: --user user:password leaves the password in the process list (visible to other local users); use --password-file or ETCDCTL_PASSWORD")
	}
	if err := probe.OptionsFromEnv(env.Getenv, &o); err != nil {
		return o, usageErrorf("%v", err)
	}
	return o, nil
}

func runProbeEngine(ctx context.Context, env *Env, s *setup, f *probeFlags) (*report.Report, error) {
	o, err := f.options(env, s)
	if err != nil {
		return nil, err
	}
	if len(o.Endpoints) == 0 && len(o.DataDirs) == 0 {
		return nil, usageErrorf("nothing to probe: give --endpoints (or ETCDCTL_ENDPOINTS) or --data-dir")
	}
	o.Verify = f.verify
	if f.initialState != "" {
		if len(o.DataDirs) != 1 {
			return nil, usageErrorf("--initial-cluster-state needs exactly one --data-dir")
		}
		o.Bootstrap = &probe.Bootstrap{Name: f.name, State: f.initialState, PeerURLs: f.peerURLs}
	}
	if f.before != "" {
		if o.Before, err = readSnapshot(absIn(env, f.before)); err != nil {
			return nil, usageErrorf("--before: %v", err)
		}
	}
	rep, snap, err := probe.RunSnapshot(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("probe: %w", err)
	}
	if f.save != "" {
		if snap == nil {
			return nil, &exitError{code: ExitNothing, err: fmt.Errorf("--save: no member list could be read, nothing saved")}
		}
		b, err := snap.Marshal()
		if err == nil {
			err = os.WriteFile(absIn(env, f.save), b, 0o644)
		}
		if err != nil {
			return nil, fmt.Errorf("--save: %w", err)
		}
	}
	relativize(env, rep)
	return rep, nil
}

// absIn resolves a path given on the command line against the working
// directory.
func absIn(env *Env, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.Dir, p)
}

// readSnapshot reads a member snapshot file written by --save.
func readSnapshot(path string) (*probe.Snapshot, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxSnapshot+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxSnapshot {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxSnapshot)
	}
	s, err := probe.ParseSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// relativize makes finding file paths relative to the working directory
// where they are below it, as compilers print them.
func relativize(env *Env, rep *report.Report) {
	rel := func(p string) string {
		if !filepath.IsAbs(p) {
			return p
		}
		if r, err := filepath.Rel(env.Dir, p); err == nil && filepath.IsLocal(r) {
			return r
		}
		return p
	}
	for i := range rep.Findings {
		rep.Findings[i].Location.File = rel(rep.Findings[i].Location.File)
		if fx := rep.Findings[i].Fix; fx != nil {
			for j := range fx.Edits {
				fx.Edits[j].File = rel(fx.Edits[j].File)
			}
		}
	}
	for i := range rep.Inputs {
		if rep.Inputs[i].Detector != "probe" {
			rep.Inputs[i].Name = rel(rep.Inputs[i].Name)
		}
		rep.Inputs[i].Dir = rel(rep.Inputs[i].Dir)
	}
	for i := range rep.Problems {
		rep.Problems[i].Input = rel(rep.Problems[i].Input)
	}
}
