// Command apigen writes the catalog's table of exported-API changes
// between consecutive etcd releases (rules/data/api-changes.toml).
//
// It downloads each release's modules with `go mod download` (through the
// module proxy and the module cache), reads the exported declarations of
// every importable package from source, keys each package by its
// canonical name (the catalog's import table, so a package that moved
// between github.com/coreos/etcd, go.etcd.io/etcd and the v3 modules is
// compared with itself), and records, per package and release, what was
// removed, what changed type or signature, which interfaces gained methods
// and which methods changed receiver. It also records the go directive of
// every patch release of each module client code and embedders require
// (api/v3, client/pkg/v3, client/v3, pkg/v3, server/v3, raft/v3).
//
// Run it with `go generate ./rules` (see docs/api-changes.md).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

// A module is one module of a release and the directories of it read.
type module struct {
	path, version string
}

// A release is one etcd release: its version and its modules.
type release struct {
	version string
	modules []module
}

func coreos(v string) release {
	return release{v, []module{{"github.com/coreos/etcd", "v" + v + "+incompatible"}}}
}

func split(v string, raft string) release {
	mods := []module{
		{"go.etcd.io/etcd/client/v3", "v" + v},
		{"go.etcd.io/etcd/api/v3", "v" + v},
		{"go.etcd.io/etcd/client/pkg/v3", "v" + v},
		{"go.etcd.io/etcd/server/v3", "v" + v},
	}
	if raft != "" {
		mods = append(mods, module{raft[:strings.LastIndex(raft, "@")], raft[strings.LastIndex(raft, "@")+1:]})
	}
	return release{v, mods}
}

// releases lists, oldest first, the releases compared: the newest patch of
// each line and the patches where the API moved inside a line. Where the
// module proxy does not serve a patch (3.2.12, 3.3.14) the next one it
// serves stands for it. The newest patches of 3.5, 3.6 and 3.7 and the
// module version of 3.4.25 come from the catalog (rules/data/releases.toml),
// so that the table follows the catalog without a second copy here.
func releases(cat *rules.Catalog) ([]release, error) {
	latest := func(line string) (string, error) {
		v, err := rules.ParseVersion(line)
		if err != nil {
			return "", fmt.Errorf("release line %s: %w", line, err)
		}
		r, err := cat.Resolve(v)
		if err != nil {
			return "", fmt.Errorf("release line %s: %w", line, err)
		}
		return r.String(), nil
	}
	v35, err := latest("3.5")
	if err != nil {
		return nil, err
	}
	v36, err := latest("3.6")
	if err != nil {
		return nil, err
	}
	v37, err := latest("3.7")
	if err != nil {
		return nil, err
	}
	// 3.4 tags are not valid versions of go.etcd.io/etcd (no /v3 suffix):
	// the catalog pins the v3.4.25 commit as a pseudo-version.
	const v34 = "3.4.25"
	p34, err := rules.ParseVersion(v34)
	if err != nil {
		return nil, fmt.Errorf("etcd %s: %w", v34, err)
	}
	pin34, ok := cat.ModuleVersion("go.etcd.io/etcd", p34)
	if !ok {
		return nil, fmt.Errorf("etcd %s: the catalog pins no go.etcd.io/etcd version ([[release.module]] in releases.toml)", v34)
	}
	return []release{
		coreos("3.0.17"),
		coreos("3.1.20"),
		coreos("3.2.9"),
		coreos("3.2.10"),
		coreos("3.2.11"),
		coreos("3.2.13"),
		coreos("3.2.32"),
		coreos("3.3.13"),
		coreos("3.3.15"),
		coreos("3.3.27"),
		{v34, []module{{"go.etcd.io/etcd", pin34}}},
		split("3.5.0", "go.etcd.io/etcd/raft/v3@v3.5.0"),
		split("3.5.7", "go.etcd.io/etcd/raft/v3@v3.5.7"),
		split("3.5.8", "go.etcd.io/etcd/raft/v3@v3.5.8"),
		split(v35, "go.etcd.io/etcd/raft/v3@v"+v35),
		split("3.6.0", "go.etcd.io/raft/v3@v3.6.0"),
		split(v36, "go.etcd.io/raft/v3@v3.6.0"),
		split("3.7.0", "go.etcd.io/raft/v3@v3.7.0"),
		split(v37, "go.etcd.io/raft/v3@v3.7.0"),
	}, nil
}

// goModules are the modules whose go directive is recorded per patch:
// the etcd modules client code and embedders require (versioned with
// etcd) and go.etcd.io/raft/v3, which has its own versions from 3.6.
var goModules = []string{
	"go.etcd.io/etcd/api/v3",
	"go.etcd.io/etcd/client/pkg/v3",
	"go.etcd.io/etcd/client/v3",
	"go.etcd.io/etcd/pkg/v3",
	"go.etcd.io/etcd/raft/v3",
	"go.etcd.io/etcd/server/v3",
	"go.etcd.io/raft/v3",
}

// skipDirs are directory names that hold no API client code imports.
var skipDirs = map[string]bool{
	"vendor": true, "internal": true, "testdata": true, "cmd": true, "tools": true,
	"integration": true, "e2e": true, "functional": true, "hack": true, "scripts": true,
	"contrib": true, "example": true, "examples": true, "Documentation": true, "tests": true,
	"etcdmain": true, "etcdctl": true, "etcdutl": true, "robustness": true, "bill-of-materials": true,
}

func main() {
	out := flag.String("o", "data/api-changes.toml", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "apigen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	cat, err := rules.Load()
	if err != nil {
		return fmt.Errorf("loading catalog: %w", err)
	}
	paths, err := etcdpath.NewTable(cat.Imports())
	if err != nil {
		return err
	}
	rels, err := releases(cat)
	if err != nil {
		return err
	}
	var snaps []snapshot
	for _, r := range rels {
		s, err := readRelease(r, paths)
		if err != nil {
			return fmt.Errorf("etcd %s: %w", r.version, err)
		}
		snaps = append(snaps, s)
	}
	var buf bytes.Buffer
	buf.WriteString(header)
	for i := 1; i < len(snaps); i++ {
		writeDiff(&buf, snaps[i-1], snaps[i])
	}
	for _, m := range goModules {
		if err := writeGoDirectives(&buf, m); err != nil {
			return err
		}
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

const header = `# GENERATED by analyzers/internal/apigen (go generate ./rules); DO NOT EDIT.
#
# The exported API changes between consecutive etcd releases, read from the
# modules the Go module proxy serves. One [[api]] group per canonical package
# and release: "since" is the release the change lands in, "prev" the release
# it is compared with. Entries are "kind Name" (Name is Type.Member for
# fields and methods); changed entries add ": old -> new". See
# docs/api-changes.md.
`

// A snapshot is one release's API: canonical package -> key -> descriptor.
type snapshot struct {
	version string
	pkgs    map[string]map[string]string
}

func download(m module) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", m.path+"@"+m.version)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(b, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("downloading %s@%s: %s", m.path, m.version, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("downloading %s@%s: %v: %s", m.path, m.version, err, stderr.String())
	}
	if info.Dir == "" {
		return "", fmt.Errorf("downloading %s@%s: no directory", m.path, m.version)
	}
	return info.Dir, nil
}

func readRelease(r release, paths *etcdpath.Table) (snapshot, error) {
	s := snapshot{version: r.version, pkgs: map[string]map[string]string{}}
	for _, m := range r.modules {
		dir, err := download(m)
		if err != nil {
			return s, err
		}
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if p != dir && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			rel, _ := filepath.Rel(dir, p)
			imp := m.path
			if rel != "." {
				imp += "/" + filepath.ToSlash(rel)
			}
			if p != dir {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			canon, ok := paths.Canonical(imp)
			if !ok {
				return nil
			}
			api, err := readPackage(p, paths)
			if err != nil {
				return fmt.Errorf("%s: %w", imp, err)
			}
			if len(api) > 0 {
				if s.pkgs[canon] == nil {
					s.pkgs[canon] = map[string]string{}
				}
				for k, v := range api {
					s.pkgs[canon][k] = v
				}
			}
			return nil
		})
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

var buildCtx = func() build.Context {
	c := build.Default
	c.GOOS, c.GOARCH, c.CgoEnabled = "linux", "amd64", true
	c.BuildTags = nil
	return c
}()

// readPackage returns the exported API of the package in dir (nil for a
// main package or a directory without Go files).
func readPackage(dir string, paths *etcdpath.Table) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	api := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := buildCtx.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if f.Name.Name == "main" || strings.HasSuffix(f.Name.Name, "_test") {
			return nil, nil
		}
		q := qualifier{imports: map[string]string{}, paths: paths}
		for _, spec := range f.Imports {
			ip, _ := strconv.Unquote(spec.Path.Value)
			local := ip[strings.LastIndex(ip, "/")+1:]
			if spec.Name != nil {
				local = spec.Name.Name
			} else if v := strings.TrimPrefix(local, "v"); v != local && isDigits(v) {
				parts := strings.Split(ip, "/")
				if len(parts) > 1 {
					local = parts[len(parts)-2]
				}
			}
			q.imports[local] = ip
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					api[d.Name.Name] = "func " + q.expr(d.Type)
					continue
				}
				recv := d.Recv.List[0].Type
				ptr := "val "
				if s, ok := recv.(*ast.StarExpr); ok {
					ptr, recv = "ptr ", s.X
				}
				recv = stripTypeParams(recv)
				id, ok := recv.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				api[id.Name+"."+d.Name.Name] = "method " + ptr + q.expr(d.Type)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						switch t := s.Type.(type) {
						case *ast.StructType:
							api[s.Name.Name] = "type struct"
							for _, fl := range t.Fields.List {
								typ := q.expr(fl.Type)
								if len(fl.Names) == 0 {
									n := embeddedName(fl.Type)
									if ast.IsExported(n) {
										api[s.Name.Name+"."+n] = "field " + typ
									}
									api[s.Name.Name+".embeds "+typ] = "embed"
								}
								for _, n := range fl.Names {
									if n.IsExported() {
										api[s.Name.Name+"."+n.Name] = "field " + typ
									}
								}
							}
						case *ast.InterfaceType:
							api[s.Name.Name] = "type interface"
							for _, m := range t.Methods.List {
								for _, n := range m.Names {
									if n.IsExported() {
										api[s.Name.Name+"."+n.Name] = "imethod " + q.expr(m.Type)
									}
								}
								if len(m.Names) == 0 {
									api[s.Name.Name+".embeds "+q.expr(m.Type)] = "embed"
								}
							}
						default:
							kind := "type "
							if s.Assign.IsValid() {
								kind = "alias "
							}
							api[s.Name.Name] = kind + q.expr(s.Type)
						}
					case *ast.ValueSpec:
						kind := "var"
						if d.Tok == token.CONST {
							kind = "const"
						}
						for _, n := range s.Names {
							if n.IsExported() {
								desc := kind
								if kind == "var" && s.Type != nil {
									desc += " " + q.expr(s.Type)
								}
								api[n.Name] = desc
							}
						}
					}
				}
			}
		}
	}
	return api, nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func stripTypeParams(e ast.Expr) ast.Expr {
	switch t := e.(type) {
	case *ast.IndexExpr:
		return t.X
	case *ast.IndexListExpr:
		return t.X
	}
	return e
}

func embeddedName(e ast.Expr) string {
	switch t := stripTypeParams(e).(type) {
	case *ast.StarExpr:
		return embeddedName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// A qualifier prints type expressions with package qualifiers replaced by
// canonical etcd names or full import paths, and without parameter names.
type qualifier struct {
	imports map[string]string
	paths   *etcdpath.Table
}

func (q qualifier) pkg(local string) string {
	ip, ok := q.imports[local]
	if !ok {
		return local
	}
	if ip == "golang.org/x/net/context" {
		return "context"
	}
	if c, ok := q.paths.Canonical(ip); ok {
		return c
	}
	return ip
}

func (q qualifier) list(fl *ast.FieldList, sep string) string {
	if fl == nil {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		t := q.expr(f.Type)
		n := max(len(f.Names), 1)
		for range n {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, sep)
}

func (q qualifier) expr(e ast.Expr) string {
	switch t := e.(type) {
	case nil:
		return ""
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			return q.pkg(x.Name) + "." + t.Sel.Name
		}
		return q.expr(t.X) + "." + t.Sel.Name
	case *ast.StarExpr:
		return "*" + q.expr(t.X)
	case *ast.ParenExpr:
		return q.expr(t.X)
	case *ast.Ellipsis:
		return "..." + q.expr(t.Elt)
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + q.expr(t.Elt)
		}
		return "[" + q.expr(t.Len) + "]" + q.expr(t.Elt)
	case *ast.BasicLit:
		return t.Value
	case *ast.MapType:
		return "map[" + q.expr(t.Key) + "]" + q.expr(t.Value)
	case *ast.ChanType:
		switch t.Dir {
		case ast.SEND:
			return "chan<- " + q.expr(t.Value)
		case ast.RECV:
			return "<-chan " + q.expr(t.Value)
		}
		return "chan " + q.expr(t.Value)
	case *ast.FuncType:
		s := "func(" + q.list(t.Params, ", ") + ")"
		if r := q.list(t.Results, ", "); r != "" {
			if t.Results.NumFields() > 1 {
				r = "(" + r + ")"
			}
			s += " " + r
		}
		return s
	case *ast.InterfaceType:
		var ms []string
		for _, m := range t.Methods.List {
			for _, n := range m.Names {
				ms = append(ms, n.Name+strings.TrimPrefix(q.expr(m.Type), "func"))
			}
			if len(m.Names) == 0 {
				ms = append(ms, q.expr(m.Type))
			}
		}
		if len(ms) == 0 {
			return "any" // interface{} and any are the same type
		}
		sort.Strings(ms)
		return "interface{" + strings.Join(ms, "; ") + "}"
	case *ast.StructType:
		var fs []string
		for _, f := range t.Fields.List {
			ty := q.expr(f.Type)
			if len(f.Names) == 0 {
				fs = append(fs, ty)
			}
			for _, n := range f.Names {
				fs = append(fs, n.Name+" "+ty)
			}
		}
		return "struct{" + strings.Join(fs, "; ") + "}"
	case *ast.IndexExpr:
		return q.expr(t.X) + "[" + q.expr(t.Index) + "]"
	case *ast.IndexListExpr:
		var xs []string
		for _, x := range t.Indices {
			xs = append(xs, q.expr(x))
		}
		return q.expr(t.X) + "[" + strings.Join(xs, ", ") + "]"
	case *ast.BinaryExpr:
		return q.expr(t.X) + t.Op.String() + q.expr(t.Y)
	case *ast.UnaryExpr:
		return t.Op.String() + q.expr(t.X)
	}
	return fmt.Sprintf("%T", e)
}

// kindOf returns the first word of a descriptor.
func kindOf(desc string) string {
	k, _, _ := strings.Cut(desc, " ")
	return k
}

func writeDiff(buf *bytes.Buffer, old, cur snapshot) {
	canons := make([]string, 0, len(old.pkgs))
	for c := range old.pkgs {
		canons = append(canons, c)
	}
	slices.Sort(canons)
	for _, c := range canons {
		o, n := old.pkgs[c], cur.pkgs[c]
		if n == nil {
			continue // the package is gone: the import table reports it
		}
		var removed, changed, gained []string
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			od := o[k]
			if strings.Contains(k, ".embeds ") {
				continue
			}
			typ, _, member := strings.Cut(k, ".")
			nd, ok := n[k]
			if member && n[typ] != o[typ] {
				continue // the type itself changed: reported with it
			}
			switch {
			case !ok:
				if member {
					if _, typeKept := n[typ]; !typeKept {
						continue // reported with the type
					}
					if promoted(cur, c, typ, strings.TrimPrefix(k, typ+"."), 0) {
						continue // now promoted from an embedded type
					}
				}
				removed = append(removed, kindOf(od)+" "+k)
			case od != nd:
				if kindOf(nd) == kindOf(od) {
					nd = strings.TrimPrefix(nd, kindOf(nd)+" ")
				}
				changed = append(changed, kindOf(od)+" "+k+": "+strings.TrimPrefix(od, kindOf(od)+" ")+" -> "+nd)
			}
		}
		// Interfaces that gained methods (embedding a type counts as a change
		// to be checked by hand; only named methods are listed).
		nkeys := make([]string, 0, len(n))
		for k := range n {
			nkeys = append(nkeys, k)
		}
		slices.Sort(nkeys)
		for _, k := range nkeys {
			typ, _, member := strings.Cut(k, ".")
			if !member || kindOf(n[k]) != "imethod" {
				continue
			}
			if _, had := o[k]; had || o[typ] != "type interface" {
				continue
			}
			gained = append(gained, "imethod "+k)
		}
		if len(removed)+len(changed)+len(gained) == 0 {
			continue
		}
		fmt.Fprintf(buf, "\n[[api]]\npackage = %q\nsince = %q\nprev = %q\n", c, cur.version, old.version)
		writeList(buf, "removed", removed)
		writeList(buf, "changed", changed)
		writeList(buf, "gained", gained)
	}
}

// promoted reports whether member of type typ in package canon of the
// snapshot is promoted from a type typ embeds (at most three levels
// deep). Types outside the snapshot are taken not to provide it.
func promoted(s snapshot, canon, typ, member string, depth int) bool {
	if depth > 3 {
		return false
	}
	api := s.pkgs[canon]
	prefix := typ + ".embeds "
	for k := range api {
		emb, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		emb = strings.TrimPrefix(emb, "*")
		pkg, name := canon, emb
		if i := strings.LastIndex(emb, "."); i >= 0 {
			pkg, name = emb[:i], emb[i+1:]
		}
		if i := strings.Index(name, "["); i >= 0 {
			name = name[:i]
		}
		if other, ok := s.pkgs[pkg]; ok {
			if _, has := other[name+"."+member]; has || promoted(s, pkg, name, member, depth+1) {
				return true
			}
		}
	}
	return false
}

func writeList(buf *bytes.Buffer, key string, xs []string) {
	if len(xs) == 0 {
		return
	}
	fmt.Fprintf(buf, "%s = [\n", key)
	for _, x := range xs {
		fmt.Fprintf(buf, "  %s,\n", strconv.Quote(x))
	}
	buf.WriteString("]\n")
}

func writeGoDirectives(buf *bytes.Buffer, mod string) error {
	cmd := exec.Command("go", "list", "-m", "-versions", "-json", mod)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	cmd.Dir = os.TempDir()
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("listing %s versions: %w", mod, err)
	}
	var info struct{ Versions []string }
	if err := json.Unmarshal(b, &info); err != nil {
		return fmt.Errorf("listing %s versions: %w", mod, err)
	}
	fmt.Fprintf(buf, "\n[[godirective]]\nmodule = %q\n", mod)
	buf.WriteString("versions = [\n")
	for _, v := range info.Versions {
		if strings.Contains(v, "-") {
			continue // pre-releases
		}
		cmd := exec.Command("go", "list", "-m", "-json", mod+"@"+v)
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		cmd.Dir = os.TempDir()
		b, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("reading %s@%s: %w", mod, v, err)
		}
		var m struct{ GoVersion string }
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("reading %s@%s: %w", mod, v, err)
		}
		fmt.Fprintf(buf, "  %q,\n", strings.TrimPrefix(v, "v")+" go"+m.GoVersion)
	}
	buf.WriteString("]\n")
	return nil
}
