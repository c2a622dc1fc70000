// Package etcdpath maps etcd's Go import paths between release generations
// using the catalog's import-path table: forward, to where a package lives
// in a target release, and backward, to one canonical name that identifies
// a package whatever path a program imports it by.
package etcdpath

import (
	"fmt"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// Root is the 3.4 import path prefix canonical names are relative to.
const Root = "go.etcd.io/etcd/"

// A Table is the import-path table grouped by release, oldest first, with
// the move prefixes of each release indexed once, when the table is built,
// so that looking a path up walks its own prefixes and builds no strings.
type Table struct {
	releases []release
}

type release struct {
	since rules.Version
	moves []rules.ImportMove
	// byOld maps each Old prefix to its move (the first one listed when
	// two share it); byNew each New prefix to its move that is not a
	// removal; newSide holds the prefixes that already are where the
	// release moves packages to (each New, and each Module that Old
	// does not lie in).
	byOld, byNew map[string]int
	newSide      map[string]bool
}

// NewTable builds a Table from the catalog's import moves.
func NewTable(moves []rules.ImportMove) (*Table, error) {
	t := &Table{}
	for _, m := range moves {
		v, err := rules.ParseVersion(m.Since)
		if err != nil {
			return nil, fmt.Errorf("import move %s: %w", m.Old, err)
		}
		if m.Removed != (m.New == "") {
			return nil, fmt.Errorf("import move %s: removed must be set exactly when new is empty", m.Old)
		}
		i := slices.IndexFunc(t.releases, func(r release) bool { return r.since.SameMinor(v) })
		if i < 0 {
			t.releases = append(t.releases, release{since: v})
			i = len(t.releases) - 1
		}
		t.releases[i].moves = append(t.releases[i].moves, m)
	}
	slices.SortFunc(t.releases, func(a, b release) int { return a.since.Compare(b.since) })
	for i := range t.releases {
		r := &t.releases[i]
		r.byOld, r.byNew, r.newSide = map[string]int{}, map[string]int{}, map[string]bool{}
		for j, m := range r.moves {
			if _, dup := r.byOld[m.Old]; !dup && m.Old != "" {
				r.byOld[m.Old] = j
			}
			if _, dup := r.byNew[m.New]; !dup && !m.Removed {
				r.byNew[m.New] = j
			}
			if m.New != "" {
				r.newSide[m.New] = true
			}
			if m.Module != "" && !within(m.Old, m.Module) {
				r.newSide[m.Module] = true
			}
		}
	}
	return t, nil
}

// within reports whether path is prefix or lies under it.
func within(path, prefix string) bool {
	return prefix != "" && strings.HasPrefix(path, prefix) && (len(path) == len(prefix) || path[len(prefix)] == '/')
}

// longestIn returns the longest of path and its parent directories
// ("a/b/c", "a/b", "a") that index holds, with its value.
func longestIn[V any](path string, index map[string]V) (string, V, bool) {
	for p := path; ; {
		if v, ok := index[p]; ok {
			return p, v, true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			var zero V
			return "", zero, false
		}
		p = p[:i]
	}
}

// StripVendor removes a vendor directory prefix from an import path.
func StripVendor(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// IsEtcd reports whether path is one of etcd's packages, under any of the
// module paths etcd has used.
func IsEtcd(path string) bool {
	path = StripVendor(path)
	return within(path, "github.com/coreos/etcd") || within(path, "go.etcd.io/etcd") || within(path, "go.etcd.io/raft/v3")
}

// onNewSide reports whether path already lives where r moves packages to.
func (r *release) onNewSide(path string) bool {
	_, _, ok := longestIn(path, r.newSide)
	return ok
}

// A Hop is one move applied to a path.
type Hop struct {
	Move rules.ImportMove
	// From and To are the whole import paths before and after the move
	// (To is empty for a removed package).
	From, To string
}

// Forward returns the moves that apply to path on the way from one
// release to another (the move lands after from, at or before to), in
// order. The last hop's To is where the package lives at to; a removed
// package ends the chain.
func (t *Table) Forward(path string, from, to rules.Version) []Hop {
	path = StripVendor(path)
	var hops []Hop
	for i := range t.releases {
		r := &t.releases[i]
		since := r.since
		since.HasPatch = true
		if !from.Less(since) || to.Less(since) || r.onNewSide(path) {
			continue
		}
		m, ok := r.longestOld(path)
		if !ok {
			continue
		}
		h := Hop{Move: m, From: path}
		if !m.Removed {
			h.To = m.New + strings.TrimPrefix(path, m.Old)
		}
		hops = append(hops, h)
		if m.Removed {
			break
		}
		path = h.To
	}
	return hops
}

// longestOld returns the move of r whose Old is the longest prefix of path.
func (r *release) longestOld(path string) (rules.ImportMove, bool) {
	if _, i, ok := longestIn(path, r.byOld); ok {
		return r.moves[i], true
	}
	return rules.ImportMove{}, false
}

// Canonical returns the package's canonical name: its path relative to
// go.etcd.io/etcd/ as of etcd 3.4 ("clientv3", "embed",
// "etcdserver/api/v3rpc/rpctypes", "raft/raftpb"), and false for a path
// that is not an etcd package.
func (t *Table) Canonical(path string) (string, bool) {
	path = StripVendor(path)
	if !IsEtcd(path) {
		return "", false
	}
	// Forward through the moves up to and including 3.4 ...
	for i := range t.releases {
		r := &t.releases[i]
		if r.since.Minor > 4 {
			break
		}
		if m, ok := r.longestOld(path); ok && !m.Removed {
			path = m.New + strings.TrimPrefix(path, m.Old)
		}
	}
	// ... and backward through the later ones.
	for i := len(t.releases) - 1; i >= 0; i-- {
		r := &t.releases[i]
		if r.since.Minor <= 4 {
			break
		}
		if _, j, ok := longestIn(path, r.byNew); ok {
			best := r.moves[j]
			path = best.Old + path[len(best.New):]
		}
	}
	if within(path, "github.com/coreos/etcd") {
		path = Root + strings.TrimPrefix(strings.TrimPrefix(path, "github.com/coreos/etcd"), "/")
	}
	if !strings.HasPrefix(path, Root) {
		return "", false
	}
	return strings.TrimPrefix(path, Root), true
}
