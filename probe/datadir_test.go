package probe_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/etcdserver/api/snap"
	"go.etcd.io/raft/v3/raftpb"
	"go.uber.org/zap"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
)

// memberDataDir runs a real embedded member that takes v2 snapshots
// often, writes some keys, stops it and returns its data dir.
func memberDataDir(t *testing.T) string {
	t.Helper()
	c := etcdtest.Start(t, 1, etcdtest.Options{Tweak: func(cfg *embed.Config) { cfg.SnapshotCount = 5 }})
	cl := client(t, c.Endpoints(), "", "")
	ctx := etcdtest.Context(t, time.Minute)
	for i := range 20 {
		if _, err := cl.Put(ctx, fmt.Sprintf("key%d", i), "value"); err != nil {
			t.Fatal(err)
		}
	}
	c.Members[0].Stop()
	return c.Members[0].Dir
}

func newestSnap(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "member", "snap", "*.snap"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no .snap file in %s (%v)", dir, err)
	}
	return names[len(names)-1] // names sort by term then index
}

func TestDataDirClean(t *testing.T) {
	dir := memberDataDir(t)
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7"})
	if len(rep.Findings) > 0 || len(rep.Problems) > 0 {
		t.Errorf("clean 3.7 data dir:\n%s", dump(rep))
	}
	if rep.From != "3.7" || rep.FromSource != "data-dir" {
		t.Errorf("From = %q (%q), want 3.7 from the data dir", rep.From, rep.FromSource)
	}
	for name, want := range map[string]string{
		"db_present":      "true",
		"wal_present":     "true",
		"perms":           "0700",
		"storage_version": "3.7.0",
		"cluster_version": "3.7.0",
		"v2_custom_nodes": "0",
		"auth_enabled":    "false",
		"layout":          "member",
	} {
		if got := fact(rep, dir, name); got != want {
			t.Errorf("fact %s = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"newest_snap_size", "consistent_index", "free_disk_bytes", "wal_custom_v2_requests"} {
		if fact(rep, dir, name) == "" {
			t.Errorf("fact %s missing", name)
		}
	}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Kind != "data-dir" || rep.Inputs[0].Detector != "datadir" {
		t.Errorf("Inputs = %+v", rep.Inputs)
	}
}

func TestDataDirHeldByRunningMember(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	dir := c.Members[0].Dir
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7", Timeout: 200 * time.Millisecond})
	wantProblem(t, rep, dir, "locked by a running etcd", false)
	if fact(rep, dir, "db_locked") != "true" {
		t.Errorf("db_locked fact missing:\n%s", dump(rep))
	}
	// The member is undisturbed.
	cl := client(t, c.Endpoints(), "", "")
	if _, err := cl.Put(etcdtest.Context(t, 10*time.Second), "after", "probe"); err != nil {
		t.Errorf("member no longer serves writes: %v", err)
	}
}

func TestDataDirNoDB(t *testing.T) {
	dir := memberDataDir(t)
	if err := os.Remove(filepath.Join(dir, "member", "snap", "db")); err != nil {
		t.Fatal(err)
	}
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.2", From: "3.1.20"})
	wantRule(t, rep, "ED3201", "no member/snap/db")
	// On a hop that does not cross 3.2 it does not apply.
	rep = run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7", From: "3.6"})
	noRule(t, rep, "ED3201")
}

func TestDataDirBackendBehindSnapshot(t *testing.T) {
	dir := memberDataDir(t)
	// Rename the newest v2 snapshot to an index the db never reached.
	old := newestSnap(t, dir)
	var term, index uint64
	if _, err := fmt.Sscanf(filepath.Base(old), "%016x-%016x.snap", &term, &index); err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(filepath.Dir(old), fmt.Sprintf("%016x-%016x.snap", term, index+1000))
	if err := os.Rename(old, moved); err != nil {
		t.Fatal(err)
	}
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.2", From: "3.1"})
	wantRule(t, rep, "ED3201", "behind the newest v2 snapshot")
}

func TestDataDirPermissions(t *testing.T) {
	dir := memberDataDir(t)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7"})
	wantRule(t, rep, "ED0004", "mode 0755")
	noRule(t, rep, "ED3402", "ED3301")
	rep = run(t, probe.Options{DataDirs: []string{dir}, Target: "3.4.11", From: "3.3.27"})
	wantRule(t, rep, "ED3402", "3.4.11 refuses to start")
}

// TestDataDirLargeV2Snapshot replaces the newest v2 snapshot with a large
// one holding custom v2 keys, as a 3.5 member with v2 data would have.
func TestDataDirLargeV2Snapshot(t *testing.T) {
	dir := memberDataDir(t)
	path := newestSnap(t, dir)
	s, err := snap.Read(zap.NewNop(), path)
	if err != nil {
		t.Fatal(err)
	}
	var store map[string]any
	if err := json.Unmarshal(s.GetData(), &store); err != nil {
		t.Fatal(err)
	}
	root := store["Root"].(map[string]any)
	children := root["Children"].(map[string]any)
	big := strings.Repeat("v", 1<<20)
	keys := map[string]any{}
	for i := range 55 {
		k := fmt.Sprintf("/1/app%02d", i)
		keys[fmt.Sprintf("app%02d", i)] = map[string]any{"Path": k, "CreatedIndex": 1, "ModifiedIndex": 1, "ExpireTime": "0001-01-01T00:00:00Z", "Value": big, "Children": nil}
	}
	children["1"] = map[string]any{"Path": "/1", "CreatedIndex": 1, "ModifiedIndex": 1, "ExpireTime": "0001-01-01T00:00:00Z", "Value": "", "Children": keys}
	data, err := json.Marshal(store)
	if err != nil {
		t.Fatal(err)
	}
	ns := &raftpb.Snapshot{Data: data, Metadata: s.GetMetadata()}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := snap.New(zap.NewNop(), filepath.Dir(path)).SaveSnap(ns); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("snapshot not rewritten under its name: %v", err)
	}

	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.6", From: "3.5.35"})
	wantRule(t, rep, "ED3601", "55 top-level node(s) in the v2 snapshot (/1/app00")
	wantRule(t, rep, "EO0006", "wait at least 2 minutes")
	noRule(t, rep, "ED3701")
	if got := fact(rep, dir, "v2_custom_nodes"); got != "55" {
		t.Errorf("v2_custom_nodes = %q, want 55", got)
	}
	rep = run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7", From: "3.6.16"})
	wantRule(t, rep, "ED3701", "no longer loads")
	noRule(t, rep, "ED3601")
}

func TestDataDirLegacyLayouts(t *testing.T) {
	v04 := t.TempDir()
	for _, f := range []string{"conf", "log"} {
		if err := os.WriteFile(filepath.Join(v04, f), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(v04, "snapshot"), 0o700); err != nil {
		t.Fatal(err)
	}
	rep := run(t, probe.Options{DataDirs: []string{v04}, Target: "2.2", From: "2.1.3"})
	wantRule(t, rep, "ED2201", "0.4 layout")

	empty := t.TempDir()
	rep = run(t, probe.Options{DataDirs: []string{empty}, Target: "3.7"})
	wantProblem(t, rep, empty, "no etcd data found", false)

	rep = run(t, probe.Options{DataDirs: []string{filepath.Join(empty, "missing")}, Target: "3.7"})
	wantProblem(t, rep, "missing", "no such file", false)
}

func TestDataDirNoWAL(t *testing.T) {
	dir := memberDataDir(t)
	if err := os.RemoveAll(filepath.Join(dir, "member", "wal")); err != nil {
		t.Fatal(err)
	}
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7"})
	wantRule(t, rep, "ED0005", "no WAL")
}

func TestDataDirAuthEnabled(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	cl := client(t, c.Endpoints(), "", "")
	ctx := etcdtest.Context(t, time.Minute)
	if _, err := cl.UserAdd(ctx, "root", "pw"); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.UserGrantRole(ctx, "root", "root"); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.AuthEnable(ctx); err != nil {
		t.Fatal(err)
	}
	c.Members[0].Stop()
	dir := c.Members[0].Dir
	rep := run(t, probe.Options{DataDirs: []string{dir}, Target: "3.5", From: "3.4.45"})
	wantRule(t, rep, "EO3501", "auth enabled")
	if got := fact(rep, dir, "auth_enabled"); got != "true" {
		t.Errorf("auth_enabled = %q", got)
	}
	rep = run(t, probe.Options{DataDirs: []string{dir}, Target: "3.7"})
	noRule(t, rep, "EO3501")
}
