package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
	"github.com/spf13/pflag"
)

// codeFlags are the flags of the code analysis.
type codeFlags struct {
	dir   string
	fix   bool
	diff  bool
	tests bool
}

// register adds the code flags; prefix is "" for the code command and
// "code-" under check, where --code names the directories instead of -C
// and fixes are not applied.
func (f *codeFlags) register(fs *pflag.FlagSet, prefix string) {
	fs.BoolVar(&f.tests, prefix+"tests", true, "analyse test files too")
	if prefix == "" {
		fs.StringVarP(&f.dir, "dir", "C", "", "directory to load Go packages from (default: the working directory)")
		fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes to the files")
		fs.BoolVar(&f.diff, "diff", false, "print the suggested fixes as a unified diff instead of a report")
	}
}

func runCodeEngine(ctx context.Context, env *Env, s *setup, f *codeFlags, patterns []string) (*codecheck.Result, error) {
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
	res, err := codecheck.Run(ctx, codecheck.Options{
		Dir:      dir,
		Patterns: patterns,
		From:     s.fromString(),
		Target:   s.target.String(),
		Catalog:  s.cat,
		Fix:      f.fix,
		Diff:     f.diff,
		Tests:    f.tests,
	})
	if err != nil {
		return nil, fmt.Errorf("code analysis: %w", err)
	}
	return res, nil
}

// configFlags are the flags of the config checker.
type configFlags struct {
	fix, diff bool
}

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
	res, err := configcheck.Run(ctx, configcheck.Options{
		Paths:   abs,
		Stdin:   env.Stdin,
		From:    s.fromString(),
		Target:  s.target.String(),
		Catalog: s.cat,
		Fix:     f.fix,
		Diff:    f.diff,
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
	rep, err := probe.Run(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("probe: %w", err)
	}
	relativize(env, rep)
	return rep, nil
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
	}
	for i := range rep.Problems {
		rep.Problems[i].Input = rel(rep.Problems[i].Input)
	}
}
