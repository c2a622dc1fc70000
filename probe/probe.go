// Package probe is etcdlint's live cluster probe and offline data-dir
// inspection: it asks every member of a running cluster for its versions,
// raft state, sizes, alarms and health (gRPC and plain HTTP, read-only),
// reads member data dirs without disturbing a running member, and turns
// what it sees into findings against an upgrade target.
package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// DefaultTimeout bounds each call when Options.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// Options says what to probe and how to connect. The connection options
// follow etcdctl's conventions.
type Options struct {
	// Endpoints are client URLs (http:// or https://; host:port means http).
	Endpoints []string
	// Discover expands Endpoints to every member's client URL from MemberList.
	Discover bool
	// CACert, Cert and Key are PEM file paths for TLS.
	CACert, Cert, Key string
	// InsecureSkipTLSVerify disables server certificate verification; it is
	// never implied.
	InsecureSkipTLSVerify bool
	// User and Password authenticate gRPC calls. User may be "name:password"
	// as with etcdctl --user. The password is never printed or logged.
	User, Password string
	// Timeout bounds each call; DefaultTimeout when zero.
	Timeout time.Duration
	// DataDirs are member data dirs to inspect offline.
	DataDirs []string
	// WALDir is the member's --wal-dir when it is not under the data dir
	// (only with a single data dir).
	WALDir string
	// Target is the version the upgrade goes to, resolved to X.Y.Z. Empty
	// skips the checks that depend on it.
	Target string
	// From, if set, is the version upgraded from (X.Y or X.Y.Z) for data
	// dirs inspected without a live cluster; by default the cluster's
	// lowest member version, then the data dir's own cluster version.
	From string
	// Verify checks that the upgrade to Target is complete (every member
	// on the target, versions, leader, alarms, equal HashKV) instead of
	// only whether it can start; it needs Target.
	Verify bool
	// Before, with Verify, is the member snapshot saved before the
	// upgrade; the member list must not have changed since.
	Before *Snapshot
	// Bootstrap, with exactly one data dir, is how that member is started:
	// its bootstrap flags are checked against the data dir and the
	// cluster at Endpoints.
	Bootstrap *Bootstrap
	// Catalog is the rule catalog; loaded when nil.
	Catalog *rules.Catalog
}

// OptionsFromEnv fills the options still unset from the environment:
// ETCDCTL_ENDPOINTS, ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY,
// ETCDCTL_INSECURE_SKIP_TLS_VERIFY, ETCDCTL_USER, ETCDCTL_COMMAND_TIMEOUT,
// and the password from
// ETCDLINT_PASSWORD, then ETCDCTL_PASSWORD. Values already set (from flags)
// win. A malformed value is returned as an error naming the variable.
func OptionsFromEnv(getenv func(string) string, o *Options) error {
	var errs []error
	str := func(dst *string, names ...string) {
		for _, n := range names {
			if *dst == "" {
				*dst = getenv(n)
			}
		}
	}
	if len(o.Endpoints) == 0 {
		if v := getenv("ETCDCTL_ENDPOINTS"); v != "" {
			o.Endpoints = SplitEndpoints(v)
		}
	}
	str(&o.CACert, "ETCDCTL_CACERT")
	str(&o.Cert, "ETCDCTL_CERT")
	str(&o.Key, "ETCDCTL_KEY")
	str(&o.User, "ETCDCTL_USER")
	str(&o.Password, "ETCDLINT_PASSWORD", "ETCDCTL_PASSWORD")
	boolEnv := func(dst *bool, name string) {
		if v := getenv(name); v != "" && !*dst {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not a boolean", name, v))
				return
			}
			*dst = b
		}
	}
	boolEnv(&o.InsecureSkipTLSVerify, "ETCDCTL_INSECURE_SKIP_TLS_VERIFY")
	if v := getenv("ETCDCTL_COMMAND_TIMEOUT"); v != "" && o.Timeout == 0 {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("ETCDCTL_COMMAND_TIMEOUT=%q: not a positive duration", v))
		} else {
			o.Timeout = d
		}
	}
	return errors.Join(errs...)
}

// ReadPasswordFile reads a password from the first line of a file (for
// --password-file), without its line ending.
func ReadPasswordFile(path string) (string, error) {
	b, err := safeio.ReadFile(path, safeio.SecretCap)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

// SplitEndpoints splits a comma-separated endpoint list, dropping blanks.
func SplitEndpoints(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// Covered returns the IDs of the rules this package reports, sorted.
func Covered() []string {
	ids := slices.Concat(liveRules, dataDirRules)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// liveRules are the rules the live probe reports (detector "probe").
var liveRules = []string{
	"EA0001", "EA2101", "EA3101", "EA3301", "EA3303", "EA3401", "EA3503", "EA3504", "EA3601", "EA3602", "EA3603",
	"ED0001", "ED0002", "ED3001", "ED3601", "ED3602", "ED3701",
	"EO0001", "EO0002", "EO0003", "EO0004", "EO0005", "EO0006", "EO0007", "EO0008", "EO0009", "EO0010",
	"EO2101", "EO3001", "EO3301", "EO3501", "EO3502", "EO3601", "EO3602", "EO3701",
	"EO0070", "EO0071", "EO0072", "EO0074", "EO3470", "EO3472", "EO3570", "EO3571", "EO3572", "EO3670", "EO3671",
	"EV3470", "EV3570", "EV3571", "EV3670", "EV3671", "EV3770",
}

// dataDirRules are the rules the data-dir inspection reports (detector
// "datadir").
var dataDirRules = []string{
	"ED0003", "ED0004", "ED0005", "ED0080", "ED0081", "ED0082", "ED0083", "ED0084", "ED2201", "ED3001", "ED3201", "ED3301", "ED3401", "ED3402", "ED3501",
	"ED3601", "ED3602", "ED3701", "EO0006", "EO0073", "EO3501",
}

// CoveredBy returns the rule IDs reported by one detector ("probe" or
// "datadir"), sorted.
func CoveredBy(d rules.Detector) []string {
	var ids []string
	switch d {
	case rules.DetectProbe:
		ids = slices.Clone(liveRules)
	case rules.DetectDataDir:
		ids = slices.Clone(dataDirRules)
	}
	slices.Sort(ids)
	return ids
}

// Run probes the cluster at opts.Endpoints and inspects opts.DataDirs,
// and reports what it found against opts.Target.
//
// Report.From is the lowest server version among the members that
// answered (FromSource "cluster"), else opts.From ("flag"), else the
// lowest cluster version (X.Y) recorded in the data dirs ("data-dir"). Members that could not be reached or
// read are Problems (Unreachable for connection, timeout and TLS
// failures; a refusal by auth is not an outage). The error is
// non-nil only for unusable options (bad target, unreadable TLS files,
// nothing to probe); see [NoneAnswered] for a cluster that could not be
// reached at all.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	rep, _, err := RunSnapshot(ctx, opts)
	return rep, err
}

// RunSnapshot is [Run] that also returns the cluster's member snapshot
// (for --save), nil when no endpoint was probed or no member list read.
func RunSnapshot(ctx context.Context, opts Options) (*report.Report, *Snapshot, error) {
	return run(ctx, opts)
}

func run(ctx context.Context, opts Options) (*report.Report, *Snapshot, error) {
	var snap *Snapshot
	if opts.Verify && opts.Target == "" {
		return nil, nil, errors.New("verifying an upgrade needs a target")
	}
	if opts.Verify && len(opts.Endpoints) == 0 {
		return nil, nil, errors.New("verifying an upgrade needs endpoints")
	}
	if len(opts.Endpoints) == 0 && len(opts.DataDirs) == 0 {
		return nil, nil, errors.New("nothing to probe: give endpoints or data dirs")
	}
	if opts.WALDir != "" && len(opts.DataDirs) != 1 {
		return nil, nil, errors.New("a WAL dir needs exactly one data dir")
	}
	cat := opts.Catalog
	if cat == nil {
		var err error
		if cat, err = rules.Load(); err != nil {
			return nil, nil, fmt.Errorf("loading rule catalog: %w", err)
		}
	}
	var target rules.Version
	if opts.Target != "" {
		v, err := rules.ParseVersion(opts.Target)
		if err != nil {
			return nil, nil, fmt.Errorf("target: %w", err)
		}
		if target, err = cat.Resolve(v); err != nil {
			return nil, nil, fmt.Errorf("target: %w", err)
		}
	}
	var from rules.Version
	if opts.From != "" {
		v, err := rules.ParseVersion(opts.From)
		if err != nil {
			return nil, nil, fmt.Errorf("from: %w", err)
		}
		from = v
	}
	rep := &report.Report{Findings: []report.Finding{}, Inputs: []report.Input{}}
	if !target.IsZero() {
		rep.Target = target.String()
	}
	f := &finder{cat: cat, rep: rep, target: target}
	if opts.Bootstrap != nil && len(opts.DataDirs) != 1 {
		return nil, nil, errors.New("checking bootstrap flags needs exactly one data dir")
	}
	if b := opts.Bootstrap; b != nil && b.State != "new" && b.State != "existing" {
		return nil, nil, fmt.Errorf("initial cluster state %q: want new or existing", b.State)
	}
	var cl *cluster
	if len(opts.Endpoints) > 0 {
		if opts.User == "" && opts.Password != "" {
			return nil, nil, errors.New("a password needs a user")
		}
		var err error
		cl, err = probeCluster(ctx, opts)
		if err != nil {
			return nil, nil, err
		}
		cl.report(ctx, f)
		if opts.Verify && !NoneAnswered(rep) {
			cl.verify(f, opts.Before)
		}
		snap = cl.snapshot(time.Now())
		if !cl.lowest.IsZero() {
			rep.From, rep.FromSource = cl.lowest.String(), "cluster"
			if from.IsZero() {
				from = cl.lowest
			}
		}
	}
	var dirFrom rules.Version
	for _, dir := range opts.DataDirs {
		if v := inspectDataDir(f, dir, opts, from); !v.IsZero() && (dirFrom.IsZero() || v.Less(dirFrom)) {
			dirFrom = v
		}
	}
	checkBootstrap(f, cl, opts)
	switch {
	case rep.From != "":
	case opts.From != "":
		rep.From, rep.FromSource = from.String(), "flag"
	case !dirFrom.IsZero():
		// The data dir records the cluster version (X.Y.0) only.
		rep.From, rep.FromSource = dirFrom.String(), "data-dir"
	}
	safeio.RedactReport(rep)
	rep.Sort()
	return rep, snap, nil
}

// NoneAnswered reports whether a report from Run probed endpoints and not
// one of them answered (the CLI's "cluster unreachable" exit).
func NoneAnswered(r *report.Report) bool {
	probed := 0
	for _, in := range r.Inputs {
		if in.Kind == "endpoint" {
			probed++
		}
	}
	if probed == 0 {
		return false
	}
	for _, f := range r.Facts {
		if f.Name == "answered" {
			return f.Value == "false"
		}
	}
	return false
}

// ClusterVersion returns the lowest server version among the members at
// opts.Endpoints, for an upgrade plan without --from. It probes the
// members as Run does, without a target or data dirs.
func ClusterVersion(ctx context.Context, opts Options) (rules.Version, error) {
	opts.Target = ""
	opts.DataDirs = nil
	cl, err := probeCluster(ctx, opts)
	if err != nil {
		return rules.Version{}, err
	}
	if cl.lowest.IsZero() {
		var reasons []string
		for _, m := range cl.members {
			if m.err != nil {
				reasons = append(reasons, m.endpoint+": "+m.err.Error())
			}
		}
		return rules.Version{}, fmt.Errorf("no member reported its version: %s", strings.Join(reasons, "; "))
	}
	return cl.lowest, nil
}
