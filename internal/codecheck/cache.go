package codecheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/etcdlint/etcdlint/internal/safeio"
)

// The result cache keeps the outcome of a read-only run (no --fix, no
// --diff) under a key made of everything the outcome depends on:
//
//   - etcdlint itself (the executable's path, size and modification
//     time: the catalog and the analyzers are built in);
//   - the options (directory, patterns, from, target, tests, trial);
//   - the go command and its settings (go env: version, GOFLAGS,
//     GOOS/GOARCH, CGO_ENABLED, the proxy and checksum settings, the
//     module cache, GOWORK);
//   - the source tree: the content of every Go, assembly, cgo and module
//     file (go.mod, go.sum, go.work, go.work.sum, vendor/modules.txt) of
//     the module or workspace, and of each directory a local replace or a
//     go.work use points at, and the name and size of every other file
//     (an embedded file that appears or goes away changes what builds).
//
// Modules in the module cache are immutable by version, so go.sum pins
// them. An outcome that depends on the network or on the machine's state
// (a trial that was skipped, packages that could not be listed) is not
// stored.

// cacheVersion changes when the stored form changes.
const cacheVersion = "etcdlint code result cache 1"

// maxCacheEntry bounds one stored result read back; maxCacheEntries
// bounds the entries kept: beyond it the least recently used go.
const (
	maxCacheEntry   = 64 << 20
	maxCacheEntries = 256
)

// maxHashedFile bounds a source file whose content is hashed; a larger
// file is keyed by its size and modification time.
const maxHashedFile = 16 << 20

// cachedResult is the stored form of a [Result] of a read-only run.
type cachedResult struct {
	Version string
	Result  *Result
}

// cacheKey returns the key of a run with opts, or "" when the run cannot
// be keyed (the go command or etcdlint's executable cannot be examined,
// no go.mod).
func cacheKey(ctx context.Context, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", cacheVersion)
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "exe %s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
	fmt.Fprintf(h, "opts %q %q %q %q %v %q\n", opts.Dir, opts.Patterns, opts.From, opts.Target, opts.Tests, opts.Trial)

	goenv, err := goEnv(ctx, opts)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "goenv %s\n", goenv.raw)
	roots, err := sourceRoots(goenv)
	if err != nil || len(roots) == 0 {
		return ""
	}
	for _, r := range roots {
		fmt.Fprintf(h, "root %s\n", r)
		if err := hashTree(h, r); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// goEnvVars are the go command settings a run's outcome depends on.
var goEnvVars = []string{
	"GOVERSION", "GOROOT", "GOFLAGS", "GOOS", "GOARCH", "GOAMD64", "GOARM64", "CGO_ENABLED",
	"GOEXPERIMENT", "GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE",
	"GOMODCACHE", "GOTOOLCHAIN", "GOWORK", "GOMOD",
}

// goSettings is what go env printed.
type goSettings struct {
	raw         []byte
	gomod, work string
}

func goEnv(ctx context.Context, opts Options) (goSettings, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"env", "-json"}, goEnvVars...)...)
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return goSettings{}, fmt.Errorf("go env: %w", err)
	}
	var vals map[string]string
	if err := json.Unmarshal(out.Bytes(), &vals); err != nil {
		return goSettings{}, fmt.Errorf("go env: %w", err)
	}
	return goSettings{raw: out.Bytes(), gomod: vals["GOMOD"], work: vals["GOWORK"]}, nil
}

// sourceRoots returns the directories whose files the run reads: the
// workspace's or module's root, and the local directories its replace
// directives and go.work use lines point at outside it.
func sourceRoots(env goSettings) ([]string, error) {
	var files []string
	switch {
	case env.work != "" && env.work != "off":
		files = append(files, env.work)
	case env.gomod != "" && env.gomod != os.DevNull:
		files = append(files, env.gomod)
	default:
		return nil, nil // no module: nothing to key on
	}
	root := filepath.Dir(files[0])
	roots := []string{root}
	add := func(base, dir string) {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(base, dir)
		}
		dir = filepath.Clean(dir)
		for _, r := range roots {
			if within(dir, r) {
				return
			}
		}
		roots = append(roots, dir)
	}
	for len(files) > 0 {
		f := files[0]
		files = files[1:]
		data, err := safeio.ReadFile(f, maxHashedFile)
		if err != nil {
			return nil, err
		}
		base := filepath.Dir(f)
		if strings.HasSuffix(f, ".work") {
			wf, err := modfile.ParseWork(f, data, nil)
			if err != nil {
				return nil, err
			}
			for _, u := range wf.Use {
				add(base, u.Path)
				files = append(files, filepath.Join(resolveDir(base, u.Path), "go.mod"))
			}
			for _, r := range wf.Replace {
				if r.New.Version == "" {
					add(base, r.New.Path)
				}
			}
			continue
		}
		mf, err := modfile.ParseLax(f, data, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range mf.Replace {
			if r.New.Version == "" {
				add(base, r.New.Path)
			}
		}
	}
	return roots, nil
}

func resolveDir(base, dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(base, dir)
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// hashedExt are the files whose content the build reads.
var hashedExt = []string{".go", ".s", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".m", ".f", ".syso", ".swig"}

// hashTree writes to h the names of the files below root and the
// content of the ones the build reads. Version-control directories are
// left out; symlinks are keyed by their target, never followed.
func hashTree(h io.Writer, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == ".git" || name == ".hg" || name == ".svn") {
				return filepath.SkipDir
			}
			fmt.Fprintf(h, "d %s\n", rel)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "l %s %s\n", rel, target)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		read := name == "go.mod" || name == "go.sum" || name == "go.work" || name == "go.work.sum" || name == "modules.txt" ||
			slices.Contains(hashedExt, filepath.Ext(name))
		if !read || !info.Mode().IsRegular() {
			fmt.Fprintf(h, "f %s %d %v\n", rel, info.Size(), info.Mode())
			return nil
		}
		if info.Size() > maxHashedFile {
			fmt.Fprintf(h, "f %s %d %d\n", rel, info.Size(), info.ModTime().UnixNano())
			return nil
		}
		data, err := safeio.ReadFile(path, maxHashedFile)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "c %s %x\n", rel, sum)
		return nil
	})
}

// storable reports whether res may be reused: an outcome that depends on
// the network or the machine (a skipped trial, packages that could not
// be listed) is not. Compile and parse errors in the tree are inputs'
// outcomes like any finding.
func storable(res *Result) bool {
	if res == nil || res.Report == nil || res.volatile {
		return false
	}
	return res.Trial == nil || len(res.Trial.Skipped) == 0
}

// cacheLoad returns the result stored under key, or nil.
func cacheLoad(dir, key string) *Result {
	path := filepath.Join(dir, "code", key+".json")
	data, err := safeio.ReadFile(path, maxCacheEntry)
	if err != nil {
		return nil
	}
	var c cachedResult
	if err := json.Unmarshal(data, &c); err != nil || c.Version != cacheVersion || c.Result == nil || c.Result.Report == nil {
		return nil
	}
	now := time.Now()
	_ = os.Chtimes(path, now, now) // recently used: kept longest
	return c.Result
}

// cacheStore stores res under key and trims the cache to its bound. A
// cache that cannot be written is passed over: it only saves time.
func cacheStore(dir, key string, res *Result) {
	data, err := json.Marshal(cachedResult{Version: cacheVersion, Result: res})
	if err != nil || len(data) > maxCacheEntry {
		return
	}
	sub := filepath.Join(dir, "code")
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(sub, "tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(sub, key+".json")) != nil {
		os.Remove(tmp.Name())
		return
	}
	trimCache(sub)
}

// trimCache removes the least recently used entries beyond
// maxCacheEntries, and temporary files an interrupted store left.
func trimCache(sub string) {
	entries, err := os.ReadDir(sub)
	if err != nil {
		return
	}
	type entry struct {
		path string
		used time.Time
	}
	var kept []entry
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		p := filepath.Join(sub, e.Name())
		if strings.HasPrefix(e.Name(), "tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
			continue
		}
		kept = append(kept, entry{p, info.ModTime()})
	}
	if len(kept) <= maxCacheEntries {
		return
	}
	slices.SortFunc(kept, func(a, b entry) int { return b.used.Compare(a.used) })
	for _, e := range kept[maxCacheEntries:] {
		os.Remove(e.path)
	}
}
