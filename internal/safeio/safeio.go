// Package safeio is the one place etcdlint reads and writes files whose
// names come from untrusted input: a bounded reader that opens only
// regular files and never blocks on a FIFO or device, a writer for fixers
// that replaces a regular file inside a tree atomically and never through
// a symlink, a tree-containment check for files that inputs reference,
// and byte budgets for network bodies.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Caps for the kinds of file etcdlint reads.
const (
	// SecretCap bounds credential, certificate and key files.
	SecretCap = 1 << 20
)

// ErrNotRegular is returned for a path that is not a regular file
// (a directory, FIFO, device or socket). It is never opened for reading
// in a way that blocks.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned when a file or body exceeds its cap.
var ErrTooLarge = errors.New("larger than the size cap")

// ErrSymlink is returned when a write target is a symbolic link.
var ErrSymlink = errors.New("is a symbolic link: not written")

// ErrOutsideTree is returned when a path resolves outside the tree.
var ErrOutsideTree = errors.New("resolves outside the tree being checked")

// kind describes a non-regular file mode for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// NotRegularError says what a path is instead of a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s: not read", e.Path, kind(e.Mode))
}

// Unwrap makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// TooLargeError names the cap a file exceeded.
type TooLargeError struct {
	Path string
	Cap  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s: not read", e.Path, Size(e.Cap))
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// Size renders a byte count for messages ("4 MiB", "512 KiB", "17 bytes").
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open opens path for reading only when it is a regular file (symlinks
// are followed; use Contained to restrict where they may lead). The open
// is non-blocking, so a FIFO planted under a regular-looking name never
// blocks, and the opened descriptor is checked again (fstat) so a file
// swapped between the check and the open is refused too.
func Open(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: info.Mode()}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, err
	}
	info, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Mode: info.Mode()}
	}
	return f, nil
}

// ReadFile reads a regular file of at most limit bytes (see Open).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := ReadAll(f, limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, &TooLargeError{Path: path, Cap: limit}
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// ReadAll reads r to the end, failing with ErrTooLarge past limit bytes.
// It never holds more than limit+1 bytes.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}

// resolve returns the absolute path with every symlink resolved.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether the resolved path p is root or below it.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Tree is the set of paths a run may read files from and write fixes
// to: the directories it checks and the directories of the files named
// on the command line, with everything below them once symlinks are
// resolved. The zero Tree contains nothing. A Tree is not modified after
// NewTree.
type Tree struct {
	dirs  []string
	files map[string]bool
}

// NewTree builds the tree of the given paths (directories or files, as
// named on the command line). Paths that do not resolve are left out;
// the caller reports them.
func NewTree(paths ...string) *Tree {
	t := &Tree{files: map[string]bool{}}
	for _, p := range paths {
		r, err := resolve(p)
		if err != nil {
			continue
		}
		info, err := os.Stat(r)
		if err != nil {
			continue
		}
		if info.IsDir() {
			t.dirs = append(t.dirs, r)
		} else {
			// A file named on the command line brings the files beside
			// it (a unit and its env file) into the tree.
			t.files[r] = true
			t.dirs = append(t.dirs, filepath.Dir(r))
		}
	}
	return t
}

// Contains reports whether path, after resolving every symlink, is a
// file named on the command line or lies inside one of the tree's
// directories. A path that does not resolve is not contained.
func (t *Tree) Contains(path string) bool {
	if t == nil {
		return false
	}
	r, err := resolve(path)
	if err != nil {
		return false
	}
	return t.containsResolved(r)
}

func (t *Tree) containsResolved(r string) bool {
	if t.files[r] {
		return true
	}
	for _, d := range t.dirs {
		if within(d, r) {
			return true
		}
	}
	return false
}

// Referenced resolves a file that an input references (EnvironmentFile=
// in a unit, env_file: in a compose file, --config-file on a command
// line): a relative name is taken relative to the referencing file's
// directory. It returns the path to read and nil when the file is inside
// the tree, or an error saying why it is not read. Callers report that
// error as "references X, not read: ..." and never read or echo the
// file's content.
func (t *Tree) Referenced(from, name string) (string, error) {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(from), p)
	}
	r, err := resolve(p)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("references %s, not read: %w", name, err)
	}
	if !t.containsResolved(r) {
		return "", fmt.Errorf("references %s, not read: it is outside the checked tree (name it on the command line to check it)", name)
	}
	return p, nil
}

// ReadReferenced is Referenced followed by ReadFile.
func (t *Tree) ReadReferenced(from, name string, limit int64) (string, []byte, error) {
	p, err := t.Referenced(from, name)
	if err != nil {
		return "", nil, err
	}
	data, err := ReadFile(p, limit)
	if err != nil {
		return "", nil, fmt.Errorf("references %s, not read: %w", name, stripPath(err, p))
	}
	return p, data, nil
}

// stripPath removes a leading path from an error message, so a message
// that already names the file does not name it twice.
func stripPath(err error, p string) error {
	var nr *NotRegularError
	if errors.As(err, &nr) {
		return fmt.Errorf("it is %s", kind(nr.Mode))
	}
	var tl *TooLargeError
	if errors.As(err, &tl) {
		return fmt.Errorf("it is larger than %s", Size(tl.Cap))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteFile replaces the regular file path, which must lie inside root
// once symlinks are resolved, with data (see Tree.WriteFile).
func WriteFile(root, path string, data []byte) error {
	if _, err := resolve(root); err != nil {
		return fmt.Errorf("writing %s: tree root: %w", path, err)
	}
	return NewTree(root).WriteFile(path, data)
}

// WriteFile replaces the regular file path, which must lie inside the
// tree once the symlinks of its directory are resolved, with data, or
// creates it (mode 0644) when it does not exist. It refuses a target that
// is a symbolic link or not a regular file. The
// content goes to a temporary file created exclusively (O_EXCL, random
// name) in the same directory, is synced, given the target's permission
// bits and renamed over the target, so a reader sees the old or the new
// file, never a mix, and no symlink planted at a predictable name is
// ever followed.
func (t *Tree) WriteFile(path string, data []byte) error {
	perm := fs.FileMode(0o644) // a file the fix creates (a new go.sum)
	switch info, err := os.Lstat(path); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("writing %s: %w", path, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("writing %s: %w", path, ErrSymlink)
	case !info.Mode().IsRegular():
		return fmt.Errorf("writing %s: %w", path, &NotRegularError{Path: path, Mode: info.Mode()})
	default:
		perm = info.Mode().Perm()
	}
	dirR, err := resolve(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if t == nil || !t.containsResolved(filepath.Join(dirR, filepath.Base(path))) {
		return fmt.Errorf("writing %s: %w", path, ErrOutsideTree)
	}
	tmp, err := os.CreateTemp(dirR, "."+filepath.Base(path)+".etcdlint-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// The target may have been swapped for a symlink since the check:
	// rename replaces the link itself, never what it points to.
	if err := os.Rename(tmp.Name(), filepath.Join(dirR, filepath.Base(path))); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	ok = true
	return nil
}

// Budget is a byte allowance shared by several reads (for example every
// HTTP response of one probe run). It is safe for concurrent use.
type Budget struct {
	mu   sync.Mutex
	left int64
}

// NewBudget returns a budget of n bytes.
func NewBudget(n int64) *Budget { return &Budget{left: n} }

// take spends up to n bytes and returns how many were granted.
func (b *Budget) take(n int64) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, b.left)
	b.left -= n
	return n
}

// Left reports the bytes still available.
func (b *Budget) Left() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.left
}

// ReadBody reads r up to perRead bytes and within the budget (nil: no
// shared budget). It fails with ErrTooLarge when the body is longer
// than either allows. The budget is charged for the bytes actually
// read, as they arrive, so reads running at the same time never fail
// for room another read holds but does not use.
func ReadBody(r io.Reader, perRead int64, b *Budget) ([]byte, error) {
	br := &budgetReader{r: io.LimitReader(r, perRead+1), b: b}
	data, err := io.ReadAll(br)
	if br.over {
		return nil, fmt.Errorf("%w: the run's total of response bytes is used up", ErrTooLarge)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > perRead {
		return nil, fmt.Errorf("%w: the response exceeds %s", ErrTooLarge, Size(perRead))
	}
	return data, nil
}

// budgetReader charges every chunk it reads to a Budget and stops once
// the budget cannot cover a chunk.
type budgetReader struct {
	r    io.Reader
	b    *Budget
	over bool
}

func (br *budgetReader) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	if n > 0 && br.b != nil {
		if got := br.b.take(int64(n)); got < int64(n) {
			br.over = true
			return int(got), errBudgetSpent
		}
	}
	return n, err
}

// errBudgetSpent ends a read whose budget ran out; ReadBody reports it
// as ErrTooLarge.
var errBudgetSpent = errors.New("budget spent")
