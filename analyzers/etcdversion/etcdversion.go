// Package etcdversion defines the analyzer every etcdlint rule requires: it
// works out which etcd version a package's code is written against (From)
// and which version it is being upgraded to (Target), and hands both, with
// the rule catalog, to the rule analyzers as a typed result.
//
// From comes from, in order: the -from flag; the etcd requirement in the
// go.mod of the package's module (github.com/coreos/etcd vX+incompatible,
// go.etcd.io/etcd pseudo-versions = 3.4, go.etcd.io/etcd/client/v3 vX.Y.Z,
// ...; the lowest direct one), unless the package's etcd import paths show
// it is newer; the etcd import paths the package uses
// (github.com/coreos/etcd/... means 3.0 or later, go.etcd.io/etcd/clientv3
// 3.4, .../client/v3 3.5; the lowest plausible). A From written X.Y means
// X.Y.0, the lowest plausible patch. Target is the
// -target flag (X.Y means the newest patch the catalog knows), else the
// newest stable release.
package etcdversion

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

// Name is the analyzer's name; under go vet its flags are
// -etcdversion.from and -etcdversion.target.
const Name = "etcdversion"

// Sources of From and Target, as they appear in diagnostics.
const (
	SourceFlag    = "flag"
	SourceGoMod   = "go.mod"
	SourceImports = "imports"
	SourceDefault = "newest stable"
)

// A Result is what the analyzer returns for one package.
type Result struct {
	// From is the version the code is written against; zero when it is
	// unknown (the package uses no etcd package and no flag or go.mod says).
	From rules.Version
	// FromSource says what set From: SourceFlag, SourceGoMod or
	// SourceImports, with the go.mod requirement when it was go.mod.
	FromSource string
	Target     rules.Version
	// TargetSource is SourceFlag or SourceDefault.
	TargetSource string
	Catalog      *rules.Catalog
	Paths        *etcdpath.Table
	// GoMod is the go.mod file of the package's module, if found.
	GoMod *modfile.File
	// GoModPath is its file name.
	GoModPath string
}

// Rule returns the catalog rule id if it applies between From and Target,
// and nil otherwise (also when From is unknown).
func (r *Result) Rule(id string) *rules.Rule {
	rule := r.Catalog.Rule(id)
	if rule == nil || r.From.IsZero() || !rule.Applies(r.From, r.Target) {
		return nil
	}
	return rule
}

// Describe says where the versions came from, for diagnostics:
// "from 3.1.20, target 3.7.3".
func (r *Result) Describe() string {
	return fmt.Sprintf("from %s, target %s", r.From, r.Target)
}

// Config is the analyzer's flag defaults.
type Config struct{ From, Target string }

// New returns a new etcdversion analyzer whose -from and -target flags
// default to cfg. The catalog and path table are shared, read-only; a
// non-nil loadErr (the catalog failed to load) makes every run fail with it.
func New(cfg Config, cat *rules.Catalog, paths *etcdpath.Table, loadErr error) *analysis.Analyzer {
	st := &state{cat: cat, paths: paths, loadErr: loadErr}
	a := &analysis.Analyzer{
		Name: Name,
		Doc: `resolve the etcd versions the code is checked between

The etcdversion analyzer reports nothing: it resolves the etcd version the
code is written against (-from, else the go.mod requirement, else the etcd
import paths in use) and the version it is upgraded to (-target, default the
newest stable release), for the etcdlint rule analyzers.`,
		URL:              rules.DocsURL,
		Run:              st.run,
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*Result](),
	}
	a.Flags.StringVar(&st.from, "from", cfg.From, "etcd version the code is written against (X.Y or X.Y.Z; default: inferred)")
	a.Flags.StringVar(&st.target, "target", cfg.Target, "etcd version to upgrade to (X.Y or X.Y.Z; default: newest stable)")
	return a
}

type state struct {
	from, target string
	cat          *rules.Catalog
	paths        *etcdpath.Table
	loadErr      error
}

func (st *state) run(pass *analysis.Pass) (any, error) {
	if st.loadErr != nil {
		return nil, st.loadErr
	}
	res := &Result{Catalog: st.cat, Paths: st.paths}
	if st.target != "" {
		v, err := rules.ParseVersion(st.target)
		if err != nil {
			return nil, fmt.Errorf("-target: %w", err)
		}
		if res.Target, err = st.cat.Resolve(v); err != nil {
			return nil, fmt.Errorf("-target: %w", err)
		}
		res.TargetSource = SourceFlag
	} else {
		res.Target, res.TargetSource = st.cat.LatestStable(), SourceDefault
	}
	res.GoModPath, res.GoMod = findGoMod(pass)
	switch {
	case st.from != "":
		v, err := rules.ParseVersion(st.from)
		if err != nil {
			return nil, fmt.Errorf("-from: %w", err)
		}
		if !v.HasPatch {
			v.HasPatch = true // X.Y: the lowest plausible patch
		}
		if _, err := st.cat.Resolve(v); err != nil {
			return nil, fmt.Errorf("-from: %w", err)
		}
		res.From, res.FromSource = v, SourceFlag
	default:
		var paths []string
		for _, f := range pass.Files {
			for _, spec := range f.Imports {
				if p, err := strconv.Unquote(spec.Path.Value); err == nil {
					paths = append(paths, p)
				}
			}
		}
		floor, hasFloor := FromImports(paths)
		if res.GoMod != nil {
			// The import paths are a lower bound: code importing
			// go.etcd.io/etcd/client/v3 is not written against 3.3, even
			// if an old etcd module lingers in go.mod.
			if v, req, ok := FromGoMod(res.GoMod); ok && (!hasFloor || !v.Less(floor)) {
				res.From, res.FromSource = v, SourceGoMod+" ("+req+")"
				break
			}
		}
		if hasFloor {
			res.From, res.FromSource = floor, SourceImports
		}
	}
	return res, nil
}

// findGoMod finds the go.mod of the package's module: the driver's, else
// the nearest one above the package's files whose module path is the
// package's module (so GOPATH-mode test data never picks up an enclosing
// module).
func findGoMod(pass *analysis.Pass) (string, *modfile.File) {
	if pass.Module == nil {
		return "", nil
	}
	if pass.Module.GoMod != "" {
		if f, err := parseGoMod(pass.Module.GoMod); err == nil {
			return pass.Module.GoMod, f
		}
		return "", nil
	}
	if pass.Module.Path == "" || len(pass.Files) == 0 {
		return "", nil
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	for dir := filepath.Dir(name); ; {
		p := filepath.Join(dir, "go.mod")
		if f, err := parseGoMod(p); err == nil {
			if f.Module != nil && f.Module.Mod.Path == pass.Module.Path {
				return p, f
			}
			return "", nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

func parseGoMod(name string) (*modfile.File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return modfile.ParseLax(name, data, nil)
}

// FromGoMod returns the lowest etcd version a go.mod requires directly
// (indirect requirements count only when there is no direct one), and the
// requirement it came from ("go.etcd.io/etcd/client/v3 v3.5.9").
func FromGoMod(f *modfile.File) (rules.Version, string, bool) {
	for _, indirect := range []bool{false, true} {
		var best rules.Version
		var bestReq string
		for _, r := range f.Require {
			if r.Indirect != indirect {
				continue
			}
			v, ok := ModuleVersion(r.Mod.Path, r.Mod.Version)
			if ok && (best.IsZero() || v.Less(best)) {
				best, bestReq = v, r.Mod.Path+" "+r.Mod.Version
			}
		}
		if !best.IsZero() {
			return best, bestReq, true
		}
	}
	return rules.Version{}, "", false
}

// ModuleVersion maps a required etcd module version to the etcd release it
// stands for: github.com/coreos/etcd and go.etcd.io/etcd vX.Y.Z+incompatible
// are X.Y.Z; go.etcd.io/etcd pseudo-versions (v0.5.0-alpha...) are 3.4.0;
// go.etcd.io/etcd/{client,api,server,...}/v3 vX.Y.Z are X.Y.Z; the v2
// client v2.305.N is 3.5.N. A pseudo-version counts as its base release.
func ModuleVersion(path, version string) (rules.Version, bool) {
	if module.IsPseudoVersion(version) {
		if base, err := module.PseudoVersionBase(version); err == nil && base != "" {
			version = base
		} else if path == "go.etcd.io/etcd" {
			return rules.MustParseVersion("3.4.0"), true
		}
	}
	switch {
	case path == "github.com/coreos/etcd", path == "go.etcd.io/etcd":
		if strings.HasPrefix(version, "v0.") {
			return rules.MustParseVersion("3.4.0"), true
		}
	case path == "go.etcd.io/etcd/client/v2":
		if rest, ok := strings.CutPrefix(version, "v2.305."); ok {
			version = "v3.5." + rest
		} else {
			return rules.Version{}, false
		}
	case strings.HasPrefix(path, "go.etcd.io/etcd/") && strings.HasSuffix(path, "/v3"):
	default:
		return rules.Version{}, false
	}
	v, err := rules.ParseVersion(version)
	if err != nil || v.Major != 3 {
		return rules.Version{}, false
	}
	v.Pre = "" // a pre-release of X.Y.Z is written against X.Y.Z
	return v, true
}

// FromImports returns the lowest etcd version the import paths are
// plausible for: github.com/coreos/etcd/... 3.0.0, go.etcd.io/etcd/...
// (3.4 layout) 3.4.0, the 3.5 modules 3.5.0, go.etcd.io/raft/v3 3.6.0.
func FromImports(paths []string) (rules.Version, bool) {
	var best rules.Version
	for _, p := range paths {
		p = etcdpath.StripVendor(p)
		var v rules.Version
		switch {
		case p == "github.com/coreos/etcd" || strings.HasPrefix(p, "github.com/coreos/etcd/"):
			v = rules.MustParseVersion("3.0.0")
		case strings.HasPrefix(p, "go.etcd.io/raft/v3"):
			v = rules.MustParseVersion("3.6.0")
		case strings.HasPrefix(p, "go.etcd.io/etcd/"):
			if isModuleV3(p) {
				v = rules.MustParseVersion("3.5.0")
			} else {
				v = rules.MustParseVersion("3.4.0")
			}
		default:
			continue
		}
		if best.IsZero() || v.Less(best) {
			best = v
		}
	}
	return best, !best.IsZero()
}

// isModuleV3 reports whether p is in one of the 3.5+ modules.
func isModuleV3(p string) bool {
	rest := strings.TrimPrefix(p, "go.etcd.io/etcd/")
	for _, m := range []string{"api/v3", "client/v3", "client/pkg/v3", "client/v2", "server/v3", "pkg/v3", "raft/v3", "etcdctl/v3", "etcdutl/v3", "tests/v3"} {
		if rest == m || strings.HasPrefix(rest, m+"/") {
			return true
		}
	}
	return false
}

// For returns the etcdversion result among a pass's results.
func For(pass *analysis.Pass, a *analysis.Analyzer) *Result {
	r, _ := pass.ResultOf[a].(*Result)
	return r
}
