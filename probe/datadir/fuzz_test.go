package datadir

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzDir lays out member/snap and member/wal with data as the file at
// rel and inspects it: any input must give a Dir, never a panic or a
// hang, and the decoder's failures must be in Dir.Errors.
func fuzzDir(t *testing.T, rel string, data []byte) {
	if len(data) > 1<<20 {
		return
	}
	dir := t.TempDir()
	for _, d := range []string{"member/snap", "member/wal"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, rel), data, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Dir, 1)
	go func() {
		d, err := Inspect(dir, Options{DecodeTimeout: 5 * time.Second})
		if err != nil {
			t.Errorf("Inspect: %v", err)
		}
		done <- d
	}()
	select {
	case d := <-done:
		if d == nil {
			t.Fatal("no Dir")
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("hang on %d bytes as %s", len(data), rel)
	}
}

// FuzzSnapFile fuzzes the v2 snapshot reader (.snap files).
func FuzzSnapFile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x00\x10{\"Root\":{}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDir(t, "member/snap/0000000000000002-0000000000000010.snap", data)
	})
}

// FuzzWALFile fuzzes the WAL reader (.wal files).
func FuzzWALFile(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 4096))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDir(t, "member/wal/0000000000000000-0000000000000000.wal", data)
	})
}

// FuzzDBFile fuzzes the bbolt db reader from its header on.
func FuzzDBFile(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 4*4096))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDir(t, "member/snap/db", data)
	})
}
