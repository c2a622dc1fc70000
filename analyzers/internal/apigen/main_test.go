package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTableCurrent regenerates the API change table from the modules and
// checks it equals the committed one. It needs the Go module proxy (or a
// module cache holding the releases) and is skipped, saying so, without.
func TestTableCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: regenerating the API table downloads etcd modules")
	}
	if _, err := download(module{"github.com/coreos/etcd", "v3.0.17+incompatible"}); err != nil {
		t.Skipf("SKIPPED: the etcd modules cannot be downloaded, so the API table's currency is not checked: %v", err)
	}
	out := filepath.Join(t.TempDir(), "api-changes.toml")
	if err := run(out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "rules", "data", "api-changes.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rules/data/api-changes.toml is stale: run go generate ./rules (%d bytes generated, %d committed)", len(got), len(want))
	}
	if len(want) > 2<<20 {
		t.Errorf("the API table is %d bytes, over 2 MiB", len(want))
	}
}
