package probe

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/probe/datadir"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

const dirDet = rules.DetectDataDir

// inspectDataDir reads one data dir offline and reports on it. from is
// the version upgraded from when known (flag or live cluster); otherwise
// the dir's own cluster (or storage) version is used, and returned.
func inspectDataDir(f *finder, path string, opts Options, from rules.Version) (own rules.Version) {
	f.rep.Inputs = append(f.rep.Inputs, report.Input{Kind: "data-dir", Name: path, Detector: dirDet})
	timeout := opts.Timeout
	if timeout <= 0 || timeout > lockTimeout {
		timeout = lockTimeout
	}
	d, err := datadir.Inspect(path, datadir.Options{WALDir: opts.WALDir, LockTimeout: timeout})
	if err != nil {
		f.problem(path, dirDet, false, "%v", err)
		return own
	}
	for _, e := range d.Errors {
		f.problem(path, dirDet, false, "%v", e)
	}
	for _, dm := range d.Damage {
		damageFinding(f, path, dm)
	}
	if d.DBLocked {
		f.fact(path, "db_locked", "true")
	}
	loc := report.Location{Path: path}
	f.fact(path, "layout", "%s", d.Layout)
	f.fact(path, "perms", "%04o", d.Mode)
	if d.FreeBytes >= 0 {
		f.fact(path, "free_disk_bytes", "%d", d.FreeBytes)
	}
	// The version the member is on, when nothing better is known.
	if v, err := rules.ParseVersion(d.ClusterVersion); err == nil && d.ClusterVersion != "" {
		own = v.MinorLine()
	} else if v, err := rules.ParseVersion(d.StorageVersion); err == nil && d.StorageVersion != "" {
		own = v.MinorLine()
	}
	if from.IsZero() {
		from = own
	}
	switch d.Layout {
	case datadir.LayoutV04:
		if f.crosses(from, "2.2") {
			f.add("ED2201", dirDet, loc, "", "%s has the etcd 0.4 layout (no member/ directory); %s does not migrate it", path, f.target)
		}
		return own
	case datadir.LayoutEmpty:
		f.problem(path, dirDet, false, "no etcd data found (no member/, snap/ or wal/ directory)")
		return own
	case datadir.LayoutProxy:
		f.problem(path, dirDet, false, "this is a v2 proxy's data dir; there is no member data to inspect")
		return own
	}
	if d.Mode != 0o700 {
		f.add("ED0004", dirDet, loc, "", "%s has mode %04o, not 0700", path, d.Mode)
		if !f.target.IsZero() && inRange(f.target, "3.3.23", "3.3.25") {
			f.add("ED3301", dirDet, loc, "", "%s has mode %04o: %s refuses to start", path, d.Mode, f.target)
		}
		if !f.target.IsZero() && inRange(f.target, "3.4.10", "3.4.13") {
			f.add("ED3402", dirDet, loc, "", "%s has mode %04o: %s refuses to start", path, d.Mode, f.target)
		}
	}
	if len(d.GroupReadableSnap) > 0 && f.crosses(from, "3.4") {
		f.add("ED3401", dirDet, loc, "", "%d snapshot file(s) in %s are readable by group or others (e.g. %s); %s writes new ones 0600", len(d.GroupReadableSnap), path, d.GroupReadableSnap[0], f.target)
	}
	f.fact(path, "db_present", "%t", d.DBPresent)
	if d.DBPresent {
		f.fact(path, "db_size", "%d", d.DBSize)
	}
	f.fact(path, "wal_present", "%t", d.WALPresent)
	f.fact(path, "snap_files", "%d", d.SnapCount)
	if d.NewestSnap != nil {
		f.fact(path, "newest_snap", "%s", d.NewestSnap.Path)
		f.fact(path, "newest_snap_size", "%d", d.NewestSnap.Size)
		f.fact(path, "newest_snap_index", "%d", d.NewestSnap.Index)
	}
	if d.DBRead {
		f.fact(path, "consistent_index", "%d", d.ConsistentIndex)
		f.fact(path, "storage_version", "%s", cmpOr(d.StorageVersion, "none"))
		if d.ClusterVersion != "" {
			f.fact(path, "cluster_version", "%s", d.ClusterVersion)
		}
		f.fact(path, "auth_enabled", "%t", d.AuthEnabled)
		f.fact(path, "db_checked", "%t", d.DBChecked)
	}
	if d.WALFiles == 0 && d.DBPresent {
		f.add("ED0005", dirDet, loc, "", "%s has a db but no WAL files in %s", path, d.WALDir)
	}
	// 3.2+ panics when the backend is behind the newest v2 snapshot.
	if d.NewestSnap != nil && f.crosses(from, "3.2") {
		switch {
		case !d.DBPresent:
			f.add("ED3201", dirDet, loc, "", "%s has v2 snapshots up to index %d but no member/snap/db: %s panics on start", path, d.NewestSnap.Index, f.target)
		case d.DBRead && d.ConsistentIndex < d.NewestSnap.Index && !d.SnapDBFor(d.NewestSnap.Index):
			f.add("ED3201", dirDet, loc, "", "%s: db consistent index %d is behind the newest v2 snapshot (index %d) and no %016x.snap.db exists: %s panics on start", path, d.ConsistentIndex, d.NewestSnap.Index, d.NewestSnap.Index, f.target)
		}
	}
	if d.DBRead && d.DBPresent && !d.HasTerm && f.crosses(from, "3.5") {
		f.add("ED3501", dirDet, loc, "", "%s was written by 3.4 or older (no meta/term in the db); %s extends it in place on first start", path, f.target)
	}
	if d.DBRead && d.AuthEnabled && f.crosses(from, "3.5") {
		f.add("EO3501", dirDet, loc, "", "%s has auth enabled (auth/authEnabled): a rolling upgrade to %s is unsupported", path, f.target)
	}
	if d.DBRead {
		sv, err := rules.ParseVersion(d.StorageVersion)
		switch {
		case err == nil && !f.target.IsZero() && f.target.MinorLine().Less(sv.MinorLine()):
			f.add("ED3602", dirDet, loc, "", "%s has storage version %s, newer than target %s: %s refuses it", path, sv, f.target, f.target)
		case d.StorageVersion == "" && f.crosses(from, "3.6"):
			f.add("ED3602", dirDet, loc, "", "%s has no storage version yet; once the cluster version reaches 3.6 it is written and 3.5 binaries refuse the data dir", path)
		}
	}
	if d.NewestSnap != nil && d.NewestSnap.Size > v2Slow {
		extra := ""
		if d.NewestSnap.Size > v2Large {
			extra = "; above 100 MB the etcd team asks to be contacted"
		}
		f.add("EO0006", dirDet, loc, "", "the newest v2 snapshot of %s is %s: wait at least 2 minutes between members%s", path, bytes(d.NewestSnap.Size), extra)
	}
	if d.DBPresent && d.FreeBytes >= 0 && d.FreeBytes < 2*d.DBSize {
		f.add("ED0003", dirDet, loc, "", "%s has %s free for a %s db; a backup and a defragmentation need %s", path, bytes(d.FreeBytes), bytes(d.DBSize), bytes(2*d.DBSize))
	}
	if d.V2Checked {
		f.fact(path, "v2_custom_nodes", "%d", d.V2CustomCount)
	}
	if d.WALChecked {
		f.fact(path, "wal_custom_v2_requests", "%d", d.WALCustomCount)
	}
	if d.V2CustomCount == 0 && d.WALCustomCount == 0 {
		return own
	}
	var where []string
	if d.V2CustomCount > 0 {
		where = append(where, fmt.Sprintf("%d top-level node(s) in the v2 snapshot (%s)", d.V2CustomCount, strings.Join(d.V2Custom, ", ")))
	}
	if d.WALCustomCount > 0 {
		where = append(where, fmt.Sprintf("%d v2 request(s) in the WAL (%s)", d.WALCustomCount, strings.Join(d.WALCustom, ", ")))
	}
	what := strings.Join(where, " and ")
	if f.crosses(from, "3.6") {
		f.add("ED3601", dirDet, loc, "", "%s holds custom v2 content: %s; %s refuses to start with it", path, what, f.target)
	}
	if f.applies("ED3701", from) {
		f.add("ED3701", dirDet, loc, "", "%s holds v2 content (%s) that %s no longer loads", path, what, f.target)
	}
	if f.crosses(from, "3.0") {
		f.add("ED3001", dirDet, loc, "", "%s holds v2 data (%s) that the v3 API of %s cannot read", path, what, f.target)
	}
	return own
}

// damageFinding reports one damaged file as the rule for its kind.
func damageFinding(f *finder, path string, dm datadir.Damage) {
	loc := report.Location{Path: filepath.Join(path, dm.File)}
	if filepath.IsAbs(dm.File) {
		loc.Path = dm.File
	}
	switch {
	case dm.Kind == datadir.DamageDB:
		f.add("ED0080", dirDet, loc, "", "%s is corrupt: %s", dm.File, dm.Detail)
	case dm.Kind == datadir.DamageSnap && dm.Repaired:
		f.add("ED0082", dirDet, loc, "", "%s is corrupt: %s; etcd still starts with all its data: 3.5 and 3.6 rename it to .broken and load an older snapshot or replay the WAL, 3.7 does not read it", dm.File, dm.Detail)
	case dm.Kind == datadir.DamageSnap && f.target.Less(rules.MustParseVersion("3.7.0")):
		f.add("ED0084", dirDet, loc, "", "%s is corrupt: %s; etcd %s loads it and panics at start (failed to recover from snapshot)", dm.File, dm.Detail, f.target)
	case dm.Kind == datadir.DamageSnap:
		f.add("ED0082", dirDet, loc, "", "%s is corrupt: %s; etcd %s does not read .snap files and starts, but etcd 3.5 and 3.6 panic on it, so the member cannot be rolled back", dm.File, dm.Detail, f.target)
	case dm.Repaired:
		f.add("ED0083", dirDet, loc, "", "the WAL is torn: %s (%s of data from there on)", dm, bytes(dm.Lost))
	default:
		f.add("ED0081", dirDet, loc, "", "the WAL is damaged: %s", dm)
	}
}

// lockTimeout bounds the wait for a db lock: a running member holds it for
// as long as it runs, so waiting longer never helps.
const lockTimeout = 500 * time.Millisecond

func inRange(v rules.Version, lo, hi string) bool {
	return !v.Less(rules.MustParseVersion(lo)) && v.Less(rules.MustParseVersion(hi))
}
