package datadir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.etcd.io/etcd/server/v3/etcdserver/api/snap"
	"go.etcd.io/etcd/server/v3/storage/wal"
	"go.etcd.io/etcd/server/v3/storage/wal/walpb"
	"go.etcd.io/raft/v3/raftpb"
	"go.uber.org/zap"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/etcdlint/etcdlint/internal/safeio"
)

// maxListed bounds the custom v2 paths kept for messages.
const maxListed = 5

// v2Node is the JSON shape of a v2 store node in a snapshot.
type v2Node struct {
	Path     string             `json:"Path"`
	Children map[string]*v2Node `json:"Children"`
}

// v2Store is the JSON shape of the v2 store in a snapshot's Data.
type v2Store struct {
	Root *v2Node `json:"Root"`
}

// checkV2Snapshot decodes the newest .snap and lists the v2 store nodes
// that are custom content: the logic of `etcdutl check v2store` (3.5.32+),
// which accepts only the membership subtree /0 and v2 auth nodes (/2)
// that have no children.
func (d *Dir) checkV2Snapshot() {
	if d.NewestSnap.Size > maxSnapSize {
		d.Errors = append(d.Errors, fmt.Errorf("%s is larger than %s: not read", d.rel(d.NewestSnap.Path), safeio.Size(maxSnapSize)))
		return
	}
	s, err := snap.Read(zap.NewNop(), d.NewestSnap.Path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			d.Errors = append(d.Errors, fmt.Errorf("reading v2 snapshot %s: %w", d.NewestSnap.Path, err))
			return
		}
		// A file etcd's snapshotter rejects (checksum, framing) is
		// renamed to .broken by etcd 3.5 and 3.6, which load the next
		// older snapshot or replay the WAL over the db; etcd 3.7 does
		// not read .snap files. The member starts with all its data.
		d.Damage = append(d.Damage, Damage{Kind: DamageSnap, File: d.rel(d.NewestSnap.Path), Offset: -1, Detail: err.Error(), Repaired: true})
		return
	}
	custom, count, err := customV2Content(s.GetData())
	if err != nil {
		// A snapshot that passes its checksum is loaded: etcd 3.5 and
		// 3.6 then panic recovering the v2 store from it.
		d.Damage = append(d.Damage, Damage{Kind: DamageSnap, File: d.rel(d.NewestSnap.Path), Offset: -1, Detail: "the v2 store in it does not decode: " + err.Error()})
		return
	}
	d.V2Checked = true
	d.V2Custom, d.V2CustomCount = custom, count
}

// customV2Content returns up to maxListed custom paths of a v2 store
// snapshot and their total count.
func customV2Content(data []byte) ([]string, int, error) {
	var st v2Store
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, 0, err
	}
	if st.Root == nil {
		return nil, 0, errors.New("no root node")
	}
	var paths []string
	count := 0
	note := func(n *v2Node) {
		count++
		if len(paths) < maxListed {
			paths = append(paths, n.Path)
		}
	}
	for _, name := range sortedKeys(st.Root.Children) {
		top := st.Root.Children[name]
		switch {
		case top == nil || name == "0":
		case name == "2":
			for _, cn := range sortedKeys(top.Children) {
				c := top.Children[cn]
				if c != nil && len(c.Children) > 0 {
					for _, gn := range sortedKeys(c.Children) {
						note(c.Children[gn])
					}
				}
			}
		default:
			for _, cn := range sortedKeys(top.Children) {
				note(top.Children[cn])
			}
		}
	}
	return paths, count, nil
}

func sortedKeys(m map[string]*v2Node) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// memberAttrRE matches the v2 membership attribute paths members publish.
var memberAttrRE = regexp.MustCompile(`^/0/members/[[:xdigit:]]{1,16}/attributes$`)

// checkWAL scans the WAL entries after the newest snapshot for v2
// requests other than membership attributes and the cluster version, as
// `etcdutl check v2store` does: quorum reads such as the QGET a 3.5 member
// with --enable-v2 proposes for /health count too, as they do there; they
// clear with the next v2 snapshot. The WAL files are opened read-only,
// without locks.
func (d *Dir) checkWAL() {
	lg := zap.NewNop()
	start := &walpb.Snapshot{Index: proto.Uint64(0), Term: proto.Uint64(0)}
	if d.NewestSnap != nil {
		walSnaps, err := wal.ValidSnapshotEntries(lg, d.WALDir)
		if err != nil {
			d.Errors = append(d.Errors, fmt.Errorf("reading WAL snapshot records: %w", err))
			return
		}
		if slices.ContainsFunc(walSnaps, func(s *walpb.Snapshot) bool {
			return s.GetIndex() == d.NewestSnap.Index && s.GetTerm() == d.NewestSnap.Term
		}) {
			start = &walpb.Snapshot{Index: proto.Uint64(d.NewestSnap.Index), Term: proto.Uint64(d.NewestSnap.Term)}
		}
	}
	w, err := wal.OpenForRead(lg, d.WALDir, start)
	if err != nil {
		d.Errors = append(d.Errors, fmt.Errorf("opening WAL read-only: %w", err))
		return
	}
	defer w.Close()
	_, _, ents, err := w.ReadAll()
	if err != nil && !errors.Is(err, wal.ErrSnapshotNotFound) {
		d.Errors = append(d.Errors, fmt.Errorf("reading WAL: %w", err))
		return
	}
	d.WALChecked = true
	for _, e := range ents {
		if e.GetType() != raftpb.EntryType_EntryNormal || len(e.GetData()) == 0 {
			continue
		}
		method, path, ok := v2Request(e.GetData())
		if !ok {
			continue
		}
		if method == http.MethodPut && (memberAttrRE.MatchString(path) || path == "/0/version") {
			continue
		}
		d.WALCustomCount++
		if len(d.WALCustom) < maxListed {
			d.WALCustom = append(d.WALCustom, strings.TrimSpace(method+" "+path))
		}
	}
}

// v2Request decodes the method and path of a v2 request in a WAL entry's
// data. v2 requests are written either as a bare etcdserverpb.Request
// (ID=1, Method=2, Path=3) or inside an InternalRaftRequest (field V2=2,
// always with a header, field 100). ok is false for anything else.
func v2Request(b []byte) (method, path string, ok bool) {
	fields, good := scanFields(b)
	if !good {
		return "", "", false
	}
	if _, internal := fields[100]; internal {
		inner, has := fields[2]
		if !has {
			return "", "", false
		}
		return v2Request(inner)
	}
	m, hasM := fields[2]
	p, hasP := fields[3]
	if !hasM || !hasP || len(p) > 0 && p[0] != '/' {
		return "", "", false
	}
	switch string(m) {
	case http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, "QGET", "SYNC", http.MethodHead:
		return string(m), string(p), true
	}
	return "", "", false
}

// scanFields returns the length-delimited top-level fields of a protobuf
// message, by number (the last occurrence wins). ok is false when b is
// not a well-formed message.
func scanFields(b []byte) (map[protowire.Number][]byte, bool) {
	out := map[protowire.Number][]byte{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, false
		}
		b = b[n:]
		if typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return nil, false
			}
			out[num] = v
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return nil, false
		}
		out[num] = nil
		b = b[m:]
	}
	return out, true
}
