// Package datadir reads an etcd member's data directory offline: which
// layout it has, its db metadata (consistent index, storage version,
// cluster version, auth), its newest v2 snapshot and WAL, permissions and
// free disk.
//
// It never writes and never waits on a running member: the db is opened
// read-only with a short lock timeout, so a db held by a running etcd is
// reported as such instead of blocking.
package datadir

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/etcdlint/etcdlint/internal/safeio"
)

// Layout is the generation of an etcd data dir.
type Layout string

// The layouts etcd has used.
const (
	LayoutMember Layout = "member" // 2.0.1+: member/snap, member/wal
	LayoutV20    Layout = "v2.0"   // 2.0.0: snap/ and wal/ at the root
	LayoutV04    Layout = "v0.4"   // 0.4.x: log, conf, snapshot/ or standby_info
	LayoutProxy  Layout = "proxy"  // a v2 proxy's data dir
	LayoutEmpty  Layout = "empty"  // nothing etcd recognises
)

// A Snap is one v2 store snapshot file (member/snap/<term>-<index>.snap).
type Snap struct {
	Path        string
	Term, Index uint64
	Size        int64
	Mode        fs.FileMode
}

// Dir is what could be read from one data dir. Fields whose reading
// failed are left zero and the reason is in Errors.
type Dir struct {
	Path   string
	WALDir string
	Layout Layout
	Mode   fs.FileMode // permission bits of the data dir

	// DB is the path of member/snap/db; DBPresent says whether it exists.
	DB        string
	DBPresent bool
	DBSize    int64
	// DBLocked is true when a running etcd holds the db's lock; the db
	// metadata below is then unknown.
	DBLocked bool
	// DBRead is true when the db metadata below was read.
	DBRead bool
	// DBChecked is true when bbolt's consistency check walked every page
	// (dbs up to 1 GiB); damage it finds is in Damage.
	DBChecked         bool
	ConsistentIndex   uint64
	HasTerm           bool   // meta/term (written by 3.5+)
	HasConfState      bool   // meta/confState (written by 3.5+)
	StorageVersion    string // meta/storageVersion (3.6+), empty if absent
	ClusterVersion    string // cluster/clusterVersion, empty if absent
	AuthEnabled       bool   // auth/authEnabled == 1
	HasKeys           bool   // the key bucket is not empty
	SnapDBs           []string
	MembersInDB       int
	LearnersInDB      int
	NewestSnap        *Snap
	SnapCount         int
	GroupReadableSnap []string // .snap files readable by group or others

	// V2Checked is true when the newest snapshot was decoded.
	V2Checked bool
	// V2Custom lists the v2 store nodes that are custom content: the
	// children of the top-level directories other than the membership
	// subtree /0, and v2 auth users or roles under /2 (at most a few, for
	// the message); V2CustomCount counts them all.
	V2Custom      []string
	V2CustomCount int
	// WALPresent says whether WAL files were found.
	WALPresent bool
	WALFiles   int
	// WALChecked is true when the WAL after the newest snapshot was scanned.
	WALChecked bool
	// WALCustom lists the paths of custom v2 requests found in the WAL.
	WALCustom      []string
	WALCustomCount int

	// FreeBytes is the free space of the file system holding the data
	// dir (for an unprivileged user); -1 when unknown.
	FreeBytes int64

	// Damage lists the files whose content is corrupt: a db bbolt
	// rejects, a WAL etcd's decoder stops in, a snapshot that fails its
	// checksum. A file that could not be read at all is in Errors.
	Damage []Damage

	// Errors says what could not be read and why.
	Errors []error
}

// ErrLocked is returned (wrapped, in Dir.Errors) when the db is held by a
// running etcd.
var ErrLocked = errors.New("db is locked by a running etcd")

// Options tune Inspect.
type Options struct {
	// WALDir overrides member/wal (etcd --wal-dir).
	WALDir string
	// LockTimeout bounds the wait for the db's file lock; default 500ms.
	LockTimeout time.Duration
	// DecodeTimeout bounds each decoder; default DefaultDecodeTimeout.
	DecodeTimeout time.Duration
}

// Inspect reads the data dir at path. It returns an error only when path
// itself cannot be read; everything else goes into Dir.Errors.
func Inspect(path string, opts Options) (*Dir, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("data dir %s: not a directory", path)
	}
	d := &Dir{Path: path, Mode: st.Mode().Perm(), FreeBytes: -1}
	d.Layout = detectLayout(path)
	d.WALDir = opts.WALDir
	snapDir := filepath.Join(path, "member", "snap")
	if d.WALDir == "" {
		d.WALDir = filepath.Join(path, "member", "wal")
		if d.Layout == LayoutV20 {
			d.WALDir = filepath.Join(path, "wal")
		}
	}
	if d.Layout == LayoutV20 {
		snapDir = filepath.Join(path, "snap")
	}
	if free, err := freeBytes(path); err == nil {
		d.FreeBytes = free
	} else {
		d.Errors = append(d.Errors, fmt.Errorf("free disk: %w", err))
	}
	if d.Layout != LayoutMember && d.Layout != LayoutV20 {
		return d, nil
	}
	d.readSnaps(snapDir)
	d.readWALList()
	d.DB = filepath.Join(snapDir, "db")
	deadline := opts.DecodeTimeout
	if deadline <= 0 {
		deadline = DefaultDecodeTimeout
	}
	if fi, err := os.Stat(d.DB); err == nil {
		d.DBPresent = true
		d.DBSize = fi.Size()
		timeout := opts.LockTimeout
		if timeout <= 0 {
			timeout = 500 * time.Millisecond
		}
		switch {
		case !fi.Mode().IsRegular():
			d.Errors = append(d.Errors, &safeio.NotRegularError{Path: d.rel(d.DB), Mode: fi.Mode()})
		default:
			d.guard(DamageDB, d.rel(d.DB), deadline, func(d *Dir) { d.readDB(timeout) })
			if d.DBRead && d.DBSize <= maxCheckedDB {
				d.guard(DamageDB, d.rel(d.DB), deadline, func(d *Dir) { d.checkDB(timeout) })
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		d.Errors = append(d.Errors, fmt.Errorf("db: %w", err))
	}
	if d.NewestSnap != nil {
		d.guard(DamageSnap, d.rel(d.NewestSnap.Path), deadline, (*Dir).checkV2Snapshot)
	}
	if d.WALPresent {
		d.guard(DamageWAL, d.rel(d.WALDir), deadline, (*Dir).scanWAL)
		if !d.walRefused() {
			d.guard(DamageWAL, d.rel(d.WALDir), deadline, (*Dir).checkWAL)
		}
	}
	return d, nil
}

// maxCheckedDB bounds the db size up to which every page is checked
// (bbolt's consistency check reads the whole file).
const maxCheckedDB = 1 << 30

// DefaultDecodeTimeout bounds each decoder (db, snapshot, WAL).
const DefaultDecodeTimeout = 2 * time.Minute

// Caps on what the decoders read: a .snap is read whole by etcd's
// reader, the WAL's entries are held in memory.
const (
	maxSnapSize = 512 << 20
	maxWALSize  = 2 << 30
)

// rel names a file relative to the data dir for messages.
func (d *Dir) rel(p string) string {
	if r, err := filepath.Rel(d.Path, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

// walRefused reports whether a WAL damage etcd cannot repair was found.
func (d *Dir) walRefused() bool {
	return slices.ContainsFunc(d.Damage, func(dm Damage) bool { return dm.Kind == DamageWAL && !dm.Repaired })
}

// guard runs a decoder on a copy of d under recover and a deadline: a
// panic (bbolt asserts on corrupt pages) becomes a Damage of kind for
// what ("X is corrupt: ...") and a decoder that does not finish is
// abandoned with an error; d then keeps what it had. Only a decoder that
// returns in time updates d.
func (d *Dir) guard(kind DamageKind, what string, deadline time.Duration, decode func(*Dir)) {
	scratch := *d
	scratch.Errors = slices.Clip(d.Errors)
	scratch.Damage = slices.Clip(d.Damage)
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		decode(&scratch)
	}()
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	select {
	case p := <-done:
		if p != nil {
			d.Damage = append(d.Damage, Damage{Kind: kind, File: what, Offset: -1, Detail: fmt.Sprintf("the decoder failed: %v", p)})
			return
		}
		*d = scratch
	case <-timer.C:
		d.Errors = append(d.Errors, fmt.Errorf("%s: not read: decoding did not finish within %s", what, deadline))
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func detectLayout(path string) Layout {
	switch {
	case exists(filepath.Join(path, "member")):
		return LayoutMember
	case exists(filepath.Join(path, "proxy")):
		return LayoutProxy
	case exists(filepath.Join(path, "snap")) || exists(filepath.Join(path, "wal")):
		return LayoutV20
	case exists(filepath.Join(path, "standby_info")) ||
		(exists(filepath.Join(path, "conf")) && exists(filepath.Join(path, "log"))) ||
		exists(filepath.Join(path, "snapshot")):
		return LayoutV04
	}
	return LayoutEmpty
}

// parseSnapName parses "%016x-%016x.snap" into term and index.
func parseSnapName(name string) (term, index uint64, ok bool) {
	base, found := strings.CutSuffix(name, ".snap")
	if !found {
		return 0, 0, false
	}
	t, i, found := strings.Cut(base, "-")
	if !found {
		return 0, 0, false
	}
	var err error
	if term, err = strconv.ParseUint(t, 16, 64); err != nil {
		return 0, 0, false
	}
	if index, err = strconv.ParseUint(i, 16, 64); err != nil {
		return 0, 0, false
	}
	return term, index, true
}

func (d *Dir) readSnaps(snapDir string) {
	ents, err := os.ReadDir(snapDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.Errors = append(d.Errors, fmt.Errorf("snap dir: %w", err))
		}
		return
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasSuffix(name, ".snap.db") {
			d.SnapDBs = append(d.SnapDBs, name)
			continue
		}
		term, index, ok := parseSnapName(name)
		if !ok {
			continue
		}
		fi, err := os.Stat(filepath.Join(snapDir, name))
		if err != nil {
			d.Errors = append(d.Errors, fmt.Errorf("snapshot %s: %w", name, err))
			continue
		}
		if !fi.Mode().IsRegular() {
			d.Errors = append(d.Errors, &safeio.NotRegularError{Path: d.rel(filepath.Join(snapDir, name)), Mode: fi.Mode()})
			continue
		}
		d.SnapCount++
		s := &Snap{Path: filepath.Join(snapDir, name), Term: term, Index: index, Size: fi.Size(), Mode: fi.Mode().Perm()}
		if s.Mode&0o044 != 0 {
			d.GroupReadableSnap = append(d.GroupReadableSnap, name)
		}
		if d.NewestSnap == nil || s.Term > d.NewestSnap.Term || (s.Term == d.NewestSnap.Term && s.Index > d.NewestSnap.Index) {
			d.NewestSnap = s
		}
	}
}

func (d *Dir) readWALList() {
	ents, err := os.ReadDir(d.WALDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.Errors = append(d.Errors, fmt.Errorf("wal dir: %w", err))
		}
		return
	}
	var total int64
	bad := false
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".wal") {
			continue
		}
		d.WALFiles++
		p := filepath.Join(d.WALDir, e.Name())
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			d.Errors = append(d.Errors, fmt.Errorf("WAL file %s: %w", e.Name(), err))
			bad = true
		case !fi.Mode().IsRegular():
			d.Errors = append(d.Errors, &safeio.NotRegularError{Path: d.rel(p), Mode: fi.Mode()})
			bad = true
		default:
			total += fi.Size()
		}
	}
	if total > maxWALSize {
		d.Errors = append(d.Errors, fmt.Errorf("%s: the WAL files total %d bytes, more than %s: not read", d.rel(d.WALDir), total, safeio.Size(maxWALSize)))
		bad = true
	}
	// A WAL with a FIFO or device among its files is not decoded: the
	// reader would block on it.
	d.WALPresent = d.WALFiles > 0 && !bad
}

// SnapDBFor reports whether <index>.snap.db exists for index.
func (d *Dir) SnapDBFor(index uint64) bool {
	return slices.Contains(d.SnapDBs, fmt.Sprintf("%016x.snap.db", index))
}

func (d *Dir) readDB(timeout time.Duration) {
	db, err := bolt.Open(d.DB, 0o400, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			d.DBLocked = true
			d.Errors = append(d.Errors, fmt.Errorf("%s: %w (no lock within %s): stop the member or inspect a copy", d.DB, ErrLocked, timeout))
			return
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			d.Errors = append(d.Errors, fmt.Errorf("%s cannot be opened read-only: %w", d.rel(d.DB), err))
			return
		}
		d.Damage = append(d.Damage, Damage{Kind: DamageDB, File: d.rel(d.DB), Offset: -1, Detail: "bbolt cannot open it: " + err.Error()})
		return
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte("meta")); b != nil {
			if v := b.Get([]byte("consistent_index")); len(v) == 8 {
				d.ConsistentIndex = binary.BigEndian.Uint64(v)
			}
			d.HasTerm = b.Get([]byte("term")) != nil
			d.HasConfState = b.Get([]byte("confState")) != nil
			d.StorageVersion = string(b.Get([]byte("storageVersion")))
		}
		if b := tx.Bucket([]byte("cluster")); b != nil {
			d.ClusterVersion = string(b.Get([]byte("clusterVersion")))
		}
		if b := tx.Bucket([]byte("auth")); b != nil {
			v := b.Get([]byte("authEnabled"))
			d.AuthEnabled = len(v) == 1 && v[0] == 1
		}
		if b := tx.Bucket([]byte("key")); b != nil {
			k, _ := b.Cursor().First()
			d.HasKeys = k != nil
		}
		if b := tx.Bucket([]byte("members")); b != nil {
			return b.ForEach(func(_, v []byte) error {
				d.MembersInDB++
				if strings.Contains(string(v), `"isLearner":true`) {
					d.LearnersInDB++
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		d.Damage = append(d.Damage, Damage{Kind: DamageDB, File: d.rel(d.DB), Offset: -1, Detail: err.Error()})
		return
	}
	d.DBRead = true
}

// checkDB runs bbolt's consistency check over every page of the db: a
// damaged page the metadata reads did not reach (a key or lease page) is
// found here rather than when etcd reads it. The first few errors are
// kept.
func (d *Dir) checkDB(timeout time.Duration) {
	db, err := bolt.Open(d.DB, 0o400, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		d.Errors = append(d.Errors, fmt.Errorf("%s: consistency check: %w", d.rel(d.DB), err))
		return
	}
	defer db.Close()
	var bad []string
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			n++
			if len(bad) < 3 {
				bad = append(bad, err.Error())
			}
		}
		return nil
	})
	if err != nil {
		d.Errors = append(d.Errors, fmt.Errorf("%s: consistency check: %w", d.rel(d.DB), err))
		return
	}
	d.DBChecked = true
	if n > 0 {
		d.Damage = append(d.Damage, Damage{Kind: DamageDB, File: d.rel(d.DB), Offset: -1,
			Detail: fmt.Sprintf("bbolt's consistency check finds %d error(s): %s", n, strings.Join(bad, "; "))})
	}
}
