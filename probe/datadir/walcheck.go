package datadir

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"go.etcd.io/etcd/client/pkg/v3/fileutil"
	"go.etcd.io/etcd/server/v3/storage/wal"
	"go.etcd.io/etcd/server/v3/storage/wal/walpb"
	"go.etcd.io/raft/v3/raftpb"
	"google.golang.org/protobuf/proto"
)

// DamageKind says which kind of file a Damage is in.
type DamageKind string

// The kinds of damaged files.
const (
	DamageDB   DamageKind = "db"   // member/snap/db, the v3 backend
	DamageWAL  DamageKind = "wal"  // a member/wal/*.wal file
	DamageSnap DamageKind = "snap" // a member/snap/*.snap file
)

// Damage is a file of the data dir whose content a decoder rejected:
// corruption, as opposed to a file that could not be opened or read.
type Damage struct {
	Kind DamageKind
	// File is the damaged file, relative to the data dir when inside it.
	File string
	// Offset is the byte offset in File where the damage starts; -1 when
	// unknown.
	Offset int64
	// Record is the 1-based number of the damaged WAL record in File (0
	// when unknown or not a WAL).
	Record int
	// LastIndex is the raft index of the last entry read intact before
	// the damage (WAL only; 0 when none).
	LastIndex uint64
	// Detail is the decoder's own words.
	Detail string
	// Repaired is true when etcd repairs the damage itself at start: a
	// torn or zeroed tail of the last WAL file, which etcd truncates or
	// zeroes, or a .snap file that fails its checksum, which etcd 3.5
	// and 3.6 set aside as .broken (3.7 does not read .snap files). Lost
	// is the number of non-zero WAL bytes etcd then discards.
	Repaired bool
	Lost     int64
}

// String renders the damage for messages: what, where and why.
func (d Damage) String() string {
	where := d.File
	if d.Offset >= 0 {
		where += fmt.Sprintf(" at offset %d", d.Offset)
	}
	if d.Record > 0 {
		where += fmt.Sprintf(" (record %d", d.Record)
		if d.LastIndex > 0 {
			where += fmt.Sprintf(", after raft index %d", d.LastIndex)
		}
		where += ")"
	}
	return where + ": " + d.Detail
}

// walFile is one WAL file being scanned; reads through it mark it as
// the file the decoder is in.
type walFile struct {
	f    *os.File
	idx  int
	cur  *int
	size int64
}

func (w *walFile) Read(p []byte) (int, error) {
	*w.cur = w.idx
	return w.f.Read(p)
}

func (w *walFile) FileInfo() (fs.FileInfo, error) { return w.f.Stat() }

// scanWAL decodes every record of every WAL file the way etcd does when
// it starts (its own decoder, the CRC chain across files, the torn-write
// rule for the last file) and records each damage it meets: the first
// record etcd cannot decode, and non-zero bytes after the point where
// etcd stops reading a file. A damage etcd repairs at start is marked
// Repaired: an unexpected end (a torn write, a cut file, a frame longer
// than the rest of the file) in the last file, which etcd truncates
// there, and data after a zero frame in the last file, which etcd zeroes.
// Anything else makes etcd refuse to start.
func (d *Dir) scanWAL() {
	ents, err := os.ReadDir(d.WALDir)
	if err != nil {
		d.Errors = append(d.Errors, fmt.Errorf("wal dir: %w", err))
		return
	}
	var names []string
	for _, e := range ents {
		var seq, index uint64
		if _, err := fmt.Sscanf(e.Name(), "%016x-%016x.wal", &seq, &index); err == nil && filepath.Ext(e.Name()) == ".wal" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return
	}
	if gap := seqGap(names); gap != "" {
		d.Damage = append(d.Damage, Damage{Kind: DamageWAL, File: d.rel(d.WALDir), Offset: -1,
			Detail: gap + ": etcd cannot open a WAL whose file sequence has a gap"})
		return
	}
	cur := 0
	files := make([]*walFile, 0, len(names))
	readers := make([]fileutil.FileReader, 0, len(names))
	defer func() {
		for _, f := range files {
			f.f.Close()
		}
	}()
	for i, n := range names {
		f, err := os.Open(filepath.Join(d.WALDir, n))
		if err != nil {
			d.Errors = append(d.Errors, fmt.Errorf("WAL file %s: %w", n, err))
			return
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			d.Errors = append(d.Errors, fmt.Errorf("WAL file %s: %w", n, err))
			return
		}
		wf := &walFile{f: f, idx: i, cur: &cur, size: fi.Size()}
		files = append(files, wf)
		readers = append(readers, wf)
	}
	last := len(files) - 1
	// ends[i] is the offset in file i after its last good record;
	// records[i] counts them.
	ends := make([]int64, len(files))
	records := make([]int, len(files))
	var lastIndex uint64
	dec := wal.NewDecoder(readers...)
	rec := &walpb.Record{}
	for {
		err := dec.Decode(rec)
		chain := false // the CRC record that opens a file breaks the chain
		if err == nil && rec.GetType() == wal.CrcType {
			if c := dec.LastCRC(); c != 0 && rec.Validate(c) != nil {
				chain = true
				err = fmt.Errorf("%w: the CRC record does not continue the previous file's checksum", wal.ErrCRCMismatch)
			} else {
				dec.UpdateCRC(rec.GetCrc())
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && chain && cur > 0 && records[cur] == 0 {
			// The previous file ended early for the decoder: a zero
			// length frame inside it, or records cut off its end. The
			// damage is there, and it is fatal in any file but the
			// last: etcd repairs only the last file.
			d.Damage = append(d.Damage, earlyEnd(d, files[cur-1], ends[cur-1], records[cur-1], lastIndex, err))
			return
		}
		if err != nil {
			off := dec.LastOffset()
			dm := Damage{Kind: DamageWAL, File: d.rel(files[cur].f.Name()), Offset: off, Record: records[cur] + 1, LastIndex: lastIndex, Detail: err.Error()}
			torn := cur == last && errors.Is(err, io.ErrUnexpectedEOF)
			var n int
			var lo, hi uint64
			if torn {
				n, lo, hi = intactAfter(files[cur].f, off+frameBytes, files[cur].size, lastIndex)
			}
			switch {
			case torn && n == 0:
				dm.Repaired = true
				if _, nz, err := nonZeroAfter(files[cur].f, off); err == nil {
					dm.Lost = nz
				}
				dm.Detail = fmt.Sprintf("%v; etcd truncates the file here at start (keeping a .broken copy) and drops everything after it", err)
			case torn:
				dm.Detail = fmt.Sprintf("%v; etcd truncates the file here at start and loses the %d intact entries after it (raft index %d to %d), which the member had acknowledged: it comes up without them", err, n, lo, hi)
			default:
				dm.Detail = fmt.Sprintf("%v; etcd refuses to start (failed to read WAL, cannot be repaired)", err)
			}
			d.Damage = append(d.Damage, dm)
			return
		}
		records[cur]++
		ends[cur] = dec.LastOffset()
		if rec.GetType() == wal.EntryType {
			var e raftpb.Entry
			if proto.Unmarshal(rec.GetData(), &e) == nil {
				lastIndex = e.GetIndex()
			}
		}
	}
	// etcd stops reading a file at its first zero frame: anything after
	// it is never read, and in the last file it is zeroed at start.
	for i, f := range files {
		at, n, err := nonZeroAfter(f.f, ends[i])
		if err != nil {
			d.Errors = append(d.Errors, fmt.Errorf("WAL file %s: %w", d.rel(f.f.Name()), err))
			return
		}
		if n == 0 {
			continue
		}
		dm := Damage{Kind: DamageWAL, File: d.rel(f.f.Name()), Offset: at, Record: records[i] + 1}
		kept, lo, hi := intactAfter(f.f, ends[i]+frameBytes, f.size, lastIndex)
		switch {
		case kept > 0:
			dm.Detail = fmt.Sprintf("a zero frame at offset %d ends the file for etcd, but %d intact entries follow it (raft index %d to %d): etcd never reads them and zeroes them at start", ends[i], kept, lo, hi)
		case i == last:
			dm.Repaired, dm.Lost = true, n
			dm.Detail = fmt.Sprintf("%d non-zero bytes after the end of the records at offset %d (a zero frame ends the file for etcd); etcd zeroes them at start, and any records among them are lost", n, ends[i])
		default:
			dm.Detail = fmt.Sprintf("%d non-zero bytes after the end of the records at offset %d are never read: etcd goes on with the next file", n, ends[i])
		}
		d.Damage = append(d.Damage, dm)
	}
}

// earlyEnd describes a WAL file that is not the last and whose records
// end, for etcd's decoder, at off after n records, so that the next
// file's CRC record (err) does not continue the checksum.
func earlyEnd(d *Dir, f *walFile, off int64, n int, lastIndex uint64, err error) Damage {
	dm := Damage{Kind: DamageWAL, File: d.rel(f.f.Name()), Offset: off, Record: n + 1, LastIndex: lastIndex}
	_, nz, zerr := nonZeroAfter(f.f, off)
	switch {
	case zerr == nil && nz > 0:
		kept, lo, hi := intactAfter(f.f, off+frameBytes, f.size, lastIndex)
		dm.Detail = fmt.Sprintf("a zero length frame at offset %d ends the file for etcd, and the %d non-zero bytes after it", off, nz)
		if kept > 0 {
			dm.Detail += fmt.Sprintf(" (%d intact entries, raft index %d to %d)", kept, lo, hi)
		}
		dm.Detail += " are never read"
	default:
		dm.Detail = fmt.Sprintf("the file ends after record %d at offset %d, before the records the next file's checksum covers: records are missing from its end", n, off)
	}
	dm.Detail += fmt.Sprintf(" (%v); etcd refuses to start (failed to read WAL, cannot be repaired: only the last file is repaired)", err)
	return dm
}

// frameBytes is the size of a WAL record's length frame.
const frameBytes = 8

// maxResync bounds the bytes intactAfter reads after a damage.
const maxResync = 128 << 20

// intactAfter looks for WAL records that still decode after a damaged
// point of f, from off to size: at each 8-byte aligned offset it tries a
// frame holding a raft entry with an index above lastIndex, and skips
// over each one found. It returns how many there are and their first
// and last index. Random garbage does not decode as such a run of
// entries; records that survived the damage do.
func intactAfter(f *os.File, off, size int64, lastIndex uint64) (n int, lo, hi uint64) {
	off = (off + 7) &^ 7
	if off >= size {
		return 0, 0, 0
	}
	b := make([]byte, min(size-off, maxResync))
	m, _ := f.ReadAt(b, off)
	b = b[:m]
	rec := &walpb.Record{}
	var e raftpb.Entry
	for o := 0; o+frameBytes <= len(b); {
		l := int64(binary.LittleEndian.Uint64(b[o:]))
		recBytes := int64(uint64(l) & ^(uint64(0xff) << 56))
		pad := int64(0)
		if l < 0 {
			pad = int64((uint64(l) >> 56) & 0x7)
		}
		end := int64(o) + frameBytes + recBytes + pad
		if l == 0 || recBytes == 0 || end > int64(len(b)) ||
			proto.Unmarshal(b[o+frameBytes:int64(o)+frameBytes+recBytes], rec) != nil ||
			rec.GetType() != wal.EntryType || proto.Unmarshal(rec.GetData(), &e) != nil ||
			e.GetIndex() <= max(lastIndex, hi) || e.GetIndex() > lastIndex+1<<32 {
			o += frameBytes
			continue
		}
		if n == 0 {
			lo = e.GetIndex()
		}
		n++
		hi = e.GetIndex()
		o = int(end)
	}
	return n, lo, hi
}

// seqGap reports a gap in the sequence numbers of sorted WAL file names.
func seqGap(names []string) string {
	var prev uint64
	for i, n := range names {
		var seq, index uint64
		if _, err := fmt.Sscanf(n, "%016x-%016x.wal", &seq, &index); err != nil {
			continue
		}
		if i > 0 && seq != prev+1 {
			return fmt.Sprintf("%s follows sequence %d", n, prev)
		}
		prev = seq
	}
	return ""
}

// nonZeroAfter returns the offset of the first non-zero byte at or
// after off in f and how many non-zero bytes follow it.
func nonZeroAfter(f *os.File, off int64) (first int64, count int64, err error) {
	first = -1
	r := bufio.NewReaderSize(io.NewSectionReader(f, off, 1<<62), 1<<20)
	pos := off
	buf := make([]byte, 64<<10)
	zero := make([]byte, len(buf))
	for {
		n, err := io.ReadFull(r, buf)
		if bytes.Equal(buf[:n], zero[:n]) {
			// The common case, a preallocated tail: compared at memory speed.
			pos += int64(n)
			n = 0
		}
		for _, b := range buf[:n] {
			if b != 0 {
				if first < 0 {
					first = pos
				}
				count++
			}
			pos++
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return first, count, nil
		}
		if err != nil {
			return first, count, fmt.Errorf("reading after offset %d: %w", off, err)
		}
	}
}
