package configcheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/report"
)

// ErrNotFound is wrapped by ReferencedPath when no file by the
// referenced name exists.
var ErrNotFound = errors.New("not found")

// ReferencedPath applies the policy for files that an input references
// (EnvironmentFile= in a unit, env_file: in a compose file, --config-file
// or ETCD_CONFIG_FILE): it returns the path to read, or an error saying
// why none is read. from is the referencing file's path ("" for stdin).
//
// A relative name is taken relative to the referencing file. An absolute
// name is read where it points when that is inside the tree; otherwise a
// copy with the same base name beside the referencing file is used (a
// repository often keeps /etc/etcd/etcd.env next to its unit). A file
// that exists only outside the tree is never read: the error says
// "references X, not read" and its content never reaches the report.
func ReferencedPath(tree *safeio.Tree, from, name string) (string, error) {
	inTree := func(p string) bool { return fileExists(p) && tree.Contains(p) }
	p := resolveUnitPath(from, name, inTree)
	if inTree(p) {
		return p, nil
	}
	tries := []string{p}
	if filepath.IsAbs(name) && name != p {
		tries = append(tries, name)
	}
	for _, q := range tries {
		info, err := os.Stat(q)
		switch {
		case err != nil:
			continue
		case !tree.Contains(q):
			return "", fmt.Errorf("references %s, not read: %s is outside the checked tree (name it on the command line to check it)", name, q)
		case !info.Mode().IsRegular():
			return "", fmt.Errorf("references %s, not read: %w", name, &safeio.NotRegularError{Path: q, Mode: info.Mode()})
		}
	}
	return "", fmt.Errorf("%s %w (looked for %s)", name, ErrNotFound, p)
}

// referencedError words a ReferencedPath error for the report.
func referencedError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// inputPaths are the paths named on the command line that are files or
// directories (not "-" for stdin): the tree a run reads and fixes.
func inputPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p != "-" {
			out = append(out, p)
		}
	}
	return out
}

// referencedPath finds the file an input references. With Options.Root
// an absolute name is looked up under the root (and read only inside the
// tree); otherwise ReferencedPath's policy applies. An env file that is
// not found by its name is the run's env file when the run holds exactly
// one.
func (r *run) referencedPath(from *source, name, kind string) (string, error) {
	var p string
	var err error
	if r.opts.Root != "" && filepath.IsAbs(name) {
		mapped := filepath.Join(r.opts.Root, name)
		info, serr := os.Stat(mapped)
		switch {
		case serr != nil:
			err = fmt.Errorf("%s %w (looked for %s under --root %s)", name, ErrNotFound, mapped, r.opts.Root)
		case !r.tree.Contains(mapped):
			return "", fmt.Errorf("references %s, not read: %s is outside the checked tree (name it on the command line to check it)", name, mapped)
		case !info.Mode().IsRegular():
			return "", fmt.Errorf("references %s, not read: %w", name, &safeio.NotRegularError{Path: mapped, Mode: info.Mode()})
		default:
			return mapped, nil
		}
	} else {
		p, err = ReferencedPath(r.tree, from.path, name)
	}
	if err == nil {
		return p, nil
	}
	if errors.Is(err, ErrNotFound) && kind == KindEnvFile && len(r.envFiles) == 1 && r.envFiles[0].path != "" {
		r.rep.Facts = append(r.rep.Facts, report.Fact{Subject: from.name, Name: "linked_env_file", Value: fmt.Sprintf("%s read from %s, the only env file checked (%v)", name, r.envFiles[0].name, err)})
		return r.envFiles[0].path, nil
	}
	return "", err
}
