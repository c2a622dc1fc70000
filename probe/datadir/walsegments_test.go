package datadir

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/etcd/server/v3/storage/wal"
)

// segmentedWALDir runs a real embedded member whose WAL segments are cut
// at 64 KiB (wal.SegmentSizeBytes, read by the member in this process),
// writes enough keys for several segments, stops it and returns its data
// dir and the WAL files, oldest first.
func segmentedWALDir(t *testing.T) (string, []string) {
	t.Helper()
	old := wal.SegmentSizeBytes
	wal.SegmentSizeBytes = 64 << 10
	t.Cleanup(func() { wal.SegmentSizeBytes = old })
	dir := writtenDataDir(t, 400)
	wal.SegmentSizeBytes = old
	names, err := filepath.Glob(filepath.Join(dir, "member", "wal", "*.wal"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 3 {
		t.Fatalf("want at least three WAL segments, have %v", names)
	}
	return dir, names
}

// TestWALEarlierSegmentJudgedByEtcd damages a WAL segment before the
// last one of a real member and starts a real etcd on the bytes: etcd
// repairs only the tail of the last file, so each case must be reported
// as not repaired, in the damaged file, and etcd must refuse to start.
// A cut in the last file of the same WAL is repaired, and etcd starts.
func TestWALEarlierSegmentJudgedByEtcd(t *testing.T) {
	t.Setenv(judgeKeysEnv, "400")
	clean, names := segmentedWALDir(t)
	d, err := Inspect(clean, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Damage) > 0 || len(d.Errors) > 0 {
		t.Fatalf("clean segmented data dir: damage %v, errors %v", d.Damage, d.Errors)
	}
	if ok, log := etcdStarts(t, clean); !ok {
		t.Fatalf("etcd does not start on the clean copy:\n%s", log)
	}
	// The second file: neither the first nor the last.
	target := filepath.Base(names[1])
	cases := []struct {
		name   string
		damage func(t *testing.T, b []byte) ([]byte, int64)
		// last damages the last file instead: the one etcd repairs.
		last bool
	}{
		{"bytes flipped inside a record", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			l := int64(binary.LittleEndian.Uint64(b[at:])) & 0xffffffffffffff
			for i := at + 8 + l/2; i < at+8+l/2+4; i++ {
				b[i] ^= 0x5a
			}
			return b, at
		}, false},
		{"cut in the middle of a record", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			return b[:at+12], at
		}, false},
		{"cut at a record boundary", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			return b[:at], at
		}, false},
		{"a zeroed 4 KiB block", func(t *testing.T, b []byte) ([]byte, int64) {
			_, end := walFrames(t, b)
			blk := (end / 2) &^ 4095
			clear(b[blk : blk+4096])
			return b, blk
		}, false},
		{"the length frame of a record zeroed", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, _ := walFrames(t, b)
			at := starts[len(starts)/2]
			clear(b[at : at+8])
			return b, at
		}, false},
		{"last file: cut in the middle of its last record", func(t *testing.T, b []byte) ([]byte, int64) {
			starts, end := walFrames(t, b)
			at := starts[len(starts)-1]
			return b[:at+(end-at)/2], at
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
				t.Fatal(err)
			}
			file := target
			if tc.last {
				file = filepath.Base(names[len(names)-1])
				// etcd drops the cut record: one key fewer is served.
				t.Setenv(judgeKeysEnv, "")
			}
			w := filepath.Join(dir, "member", "wal", file)
			b, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			b, at := tc.damage(t, b)
			if err := os.WriteFile(w, b, 0o600); err != nil {
				t.Fatal(err)
			}
			d, err := Inspect(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			starts, log := etcdStarts(t, dir)
			var wals []Damage
			for _, dm := range d.Damage {
				if dm.Kind == DamageWAL {
					wals = append(wals, dm)
				}
			}
			if len(wals) == 0 {
				t.Fatalf("no WAL damage found (errors %v); etcd starts=%t:\n%s", d.Errors, starts, log)
			}
			dm := wals[0]
			t.Logf("found: %s\netcd starts=%t: %s", dm, starts, refusal(log))
			if starts != tc.last {
				t.Errorf("real etcd starts=%t, want %t (only the last file is repaired):\n%s", starts, tc.last, log)
			}
			if dm.Repaired != starts {
				t.Errorf("reported repaired=%t, but a real etcd starts=%t on it:\n%s\n%s", dm.Repaired, starts, dm, log)
			}
			if want := filepath.Join("member", "wal", file); dm.File != want {
				t.Errorf("file %q, want %q", dm.File, want)
			}
			if dm.Offset < 0 || dm.Offset > at+4096 || dm.Offset+4096 < at {
				t.Errorf("offset %d, the damage is at %d", dm.Offset, at)
			}
			if !dm.Repaired && d.WALChecked {
				t.Errorf("the v2 request scan read a WAL etcd refuses")
			}
		})
	}
}

// refusal is the line of a judge's log that says why etcd did not start.
func refusal(log string) string {
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "refused") || strings.Contains(l, "\"level\":\"fatal\"") || strings.Contains(l, "FATAL") || strings.Contains(l, "panic") {
			return l
		}
	}
	return "(no refusal in the log)"
}
