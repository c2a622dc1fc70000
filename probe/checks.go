package probe

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

const probeDet = rules.DetectProbe

// memberName returns "name (id)" for a member ID from the member list.
func (cl *cluster) memberName(id uint64) string {
	for _, m := range cl.list {
		if m.GetID() == id {
			if n := m.GetName(); n != "" {
				return n
			}
		}
	}
	if id == 0 {
		return ""
	}
	return strconv.FormatUint(id, 16)
}

// loc locates a finding at a member: its endpoint and its name (from the
// member list by ID, or by client URL for a member that did not answer).
func (cl *cluster) loc(m *member) report.Location {
	l := report.Location{Endpoint: m.endpoint, Member: cl.memberName(m.id)}
	if m.id == 0 {
		for _, lm := range cl.list {
			for _, u := range lm.GetClientURLs() {
				if n, err := normaliseEndpoint(u, cl.useTLS); err == nil && n == m.endpoint {
					l.Member = cmpOr(lm.GetName(), strconv.FormatUint(lm.GetID(), 16))
				}
			}
		}
	}
	return l
}

// clusterLoc locates cluster-wide findings at the endpoints probed.
func (cl *cluster) clusterLoc() report.Location {
	return report.Location{Endpoint: strings.Join(cl.given, ",")}
}

// report turns what the probe saw into inputs, facts, problems and
// findings.
func (cl *cluster) report(ctx context.Context, f *finder) {
	answered := false
	for _, m := range cl.members {
		f.rep.Inputs = append(f.rep.Inputs, report.Input{Kind: "endpoint", Name: m.endpoint, Detector: probeDet})
		if m.answered() {
			answered = true
		}
		cl.memberFacts(f, m)
		cl.memberProblems(f, m)
	}
	f.fact("cluster", "answered", "%t", answered)
	if cl.discover != nil {
		f.problem(strings.Join(cl.given, ","), probeDet, false, "discovering members (MemberList): %s", grpcMessage(cl.discover))
	}
	if !answered {
		return
	}
	cl.clusterFacts(f)
	cl.checkHealth(f)
	cl.checkMembership(f)
	cl.checkVersions(f)
	cl.checkSizes(f)
	cl.checkV2(f)
	cl.checkMetrics(f)
	cl.checkAuth(f)
	cl.checkRanges(f)
	cl.checkIntegrity(ctx, f)
}

func (cl *cluster) memberFacts(f *finder, m *member) {
	s := m.endpoint
	if m.id != 0 {
		f.fact(s, "member_id", "%x", m.id)
		if n := cl.memberName(m.id); n != "" && n != strconv.FormatUint(m.id, 16) {
			f.fact(s, "member_name", "%s", n)
		}
	}
	if v := m.version(); !v.IsZero() {
		f.fact(s, "server_version", "%s", v)
	}
	if m.httpCluster != "" {
		f.fact(s, "cluster_version", "%s", m.httpCluster)
	}
	if sv := cmpOr(m.storageVersion, m.httpStorage); sv != "" {
		f.fact(s, "storage_version", "%s", sv)
	}
	if m.statusOK {
		f.fact(s, "leader", "%x", m.leader)
		f.fact(s, "is_leader", "%t", m.leader != 0 && m.leader == m.id)
		f.fact(s, "raft_term", "%d", m.raftTerm)
		f.fact(s, "raft_index", "%d", m.raftIndex)
		f.fact(s, "raft_applied_index", "%d", m.raftAppliedIndex)
		f.fact(s, "is_learner", "%t", m.isLearner)
		f.fact(s, "db_size", "%d", m.dbSize)
		f.fact(s, "db_size_in_use", "%d", m.dbSizeInUse)
		if q := cl.quota(m); q > 0 {
			f.fact(s, "quota_backend_bytes", "%d", q)
		}
	}
	if m.health != "" {
		f.fact(s, "health", "%s", m.health)
	}
	var alarms []string
	for _, a := range cl.alarms {
		if a.GetMemberID() == m.id && m.id != 0 {
			alarms = append(alarms, a.GetAlarm().String())
		}
	}
	if cl.alarmErr == nil && m.statusOK {
		f.fact(s, "alarms", "%s", cmpOr(strings.Join(alarms, ","), "none"))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (cl *cluster) memberProblems(f *finder, m *member) {
	switch {
	case m.authDenied:
		who := "no user was given"
		if cl.opts.User != "" {
			who = "user " + strconv.Quote(cl.opts.User) + " was refused"
		}
		what := fmt.Sprintf("gRPC calls refused (%s)", m.err)
		if m.failedCall == "Status" {
			what = fmt.Sprintf("permission denied on Status (%s): the member's db size, raft state and storage version could not be read", m.err)
		}
		f.problem(m.endpoint, probeDet, false, "%s: auth is enabled and %s; give --user/--password (an admin user on 3.4.42+, 3.5.28-3.5.31 and 3.6.9-3.6.11): this is not an outage", what, who)
	case m.err != nil:
		msg := m.err.Error()
		if m.tlsFailure {
			msg = "TLS failure: " + msg + ": check --cacert, --cert, --key and the endpoint scheme"
		}
		// A member that cannot be talked to securely is as unreachable as
		// one that does not answer: nothing of it could be read.
		f.problem(m.endpoint, probeDet, m.unreachable || m.tlsFailure, "%s", msg)
	}
	if m.err != nil && m.unreachable {
		return
	}
	if m.versionErr != nil && m.err == nil {
		f.problem(m.endpoint, probeDet, false, "%s", m.versionErr)
	}
	if m.healthErr != nil && !m.unreachable && !m.tlsFailure {
		f.problem(m.endpoint, probeDet, false, "%s", m.healthErr)
	}
	if m.metricsErr != nil && !m.unreachable && !m.tlsFailure {
		f.problem(m.endpoint, probeDet, false, "%s", m.metricsErr)
	}
	if m.v2Err != nil {
		f.problem(m.endpoint, probeDet, false, "v2 keyspace: %s", m.v2Err)
	}
}

func (cl *cluster) clusterFacts(f *finder) {
	f.fact("cluster", "members_probed", "%d", len(cl.members))
	if cl.list != nil {
		voters, learners := cl.counts()
		f.fact("cluster", "members", "%d", voters+learners)
		f.fact("cluster", "learners", "%d", learners)
	}
	if !cl.lowest.IsZero() {
		f.fact("cluster", "lowest_server_version", "%s", cl.lowest)
		f.fact("cluster", "highest_server_version", "%s", cl.highest)
	}
	if cv := cl.clusterVersion(); cv != "" {
		f.fact("cluster", "cluster_version", "%s", cv)
	}
	if cl.authKnown {
		f.fact("cluster", "auth_enabled", "%t", cl.authEnabled)
	}
	if cl.listErr != nil {
		f.problem(cl.listFrom, probeDet, false, "member list: %s%s", grpcMessage(cl.listErr), authHint(cl.listErr))
	}
	if cl.alarmErr != nil {
		f.problem(strings.Join(cl.given, ","), probeDet, false, "alarm list: %s%s", grpcMessage(cl.alarmErr), authHint(cl.alarmErr))
	}
}

// authHint explains a refused cluster-wide call.
func authHint(err error) string {
	if !isAuthError(err) {
		return ""
	}
	return ": with auth enabled this needs credentials (an admin user on 3.4.42, 3.5.28 and 3.6.9): give --user/--password"
}

// counts returns the voting members and learners in the member list.
func (cl *cluster) counts() (voters, learners int) {
	for _, m := range cl.list {
		if m.GetIsLearner() {
			learners++
		} else {
			voters++
		}
	}
	return voters, learners
}

// clusterVersion is the cluster version /version reported (the lowest if
// members disagree, which happens only for a moment).
func (cl *cluster) clusterVersion() string {
	var best rules.Version
	raw := ""
	for _, m := range cl.members {
		v, err := rules.ParseVersion(m.httpCluster)
		if err != nil {
			if raw == "" {
				raw = m.httpCluster
			}
			continue
		}
		if best.IsZero() || v.Less(best) {
			best = v
		}
	}
	if !best.IsZero() {
		return best.String()
	}
	return raw
}

func (cl *cluster) checkHealth(f *finder) {
	leaders := map[uint64][]string{}
	for _, m := range cl.members {
		loc := cl.loc(m)
		if m.unreachable || m.tlsFailure {
			f.add("EO0003", probeDet, loc, "", "member at %s could not be read: %s", m.endpoint, m.err)
			continue
		}
		if m.statusOK {
			if m.leader == 0 {
				f.add("EO0003", probeDet, loc, "", "member at %s has no leader (raft term %d)", m.endpoint, m.raftTerm)
			} else {
				leaders[m.leader] = append(leaders[m.leader], m.endpoint)
			}
			for _, e := range m.statusErrors {
				f.add("EO0003", probeDet, loc, "", "member at %s reports an error: %s", m.endpoint, e)
			}
			if m.raftIndex > m.raftAppliedIndex+5000 {
				f.add("EO0003", probeDet, loc, "", "member at %s lags: raft index %d, applied %d", m.endpoint, m.raftIndex, m.raftAppliedIndex)
			}
		}
		if m.health != "" && m.health != "true" {
			reason := ""
			if m.healthReason != "" {
				reason = ": " + m.healthReason
			}
			f.add("EO0003", probeDet, loc, "", "member at %s reports /health %s%s", m.endpoint, m.health, reason)
		}
	}
	if len(leaders) > 1 {
		var parts []string
		for id, eps := range leaders {
			parts = append(parts, fmt.Sprintf("%s sees %s", strings.Join(eps, ","), cl.memberName(id)))
		}
		slices.Sort(parts)
		f.add("EO0003", probeDet, cl.clusterLoc(), "", "members disagree on the leader: %s", strings.Join(parts, "; "))
	}
	for _, a := range cl.alarms {
		if a.GetAlarm() == pb.AlarmType_NONE {
			continue
		}
		loc := cl.clusterLoc()
		for _, m := range cl.members {
			if m.id == a.GetMemberID() {
				loc = cl.loc(m)
			}
		}
		loc.Member = cl.memberName(a.GetMemberID())
		note := ""
		if a.GetAlarm() == pb.AlarmType_NOSPACE {
			note = "Compact, defragment, then run `etcdctl alarm disarm`."
		}
		f.add("EO0003", probeDet, loc, note, "%s alarm is active on member %s", a.GetAlarm(), loc.Member)
	}
	for _, m := range cl.list {
		if m.GetName() == "" || len(m.GetClientURLs()) == 0 {
			f.add("EO0003", probeDet, cl.clusterLoc(), "", "member %x (peer URLs %s) has not started: no name or client URLs", m.GetID(), strings.Join(m.GetPeerURLs(), ","))
		}
	}
	if !cl.opts.Discover && cl.list != nil {
		probed := map[uint64]bool{}
		contacted := map[string]bool{}
		for _, m := range cl.members {
			probed[m.id] = true
			contacted[m.endpoint] = true
		}
		for _, lm := range cl.list {
			// A member whose Status was refused has no known ID but was
			// contacted at one of its client URLs: it was probed, and the
			// refusal is reported on its own.
			if !probed[lm.GetID()] && len(lm.GetClientURLs()) > 0 && !cl.anyContacted(contacted, lm.GetClientURLs()) {
				f.problem(strings.Join(lm.GetClientURLs(), ","), probeDet, false, "member %s was not probed: add its client URL to --endpoints or use --discover", cmpOr(lm.GetName(), strconv.FormatUint(lm.GetID(), 16)))
			}
		}
	}
}

func (cl *cluster) checkMembership(f *finder) {
	if cl.list == nil {
		return
	}
	voters, learners := cl.counts()
	for _, m := range cl.list {
		if m.GetIsLearner() {
			f.add("EO0008", probeDet, report.Location{Endpoint: strings.Join(m.GetClientURLs(), ","), Member: cl.memberName(m.GetID())}, "", "member %s is a learner", cl.memberName(m.GetID()))
		}
	}
	if learners > 1 && f.applies("EO3602", cl.lowest) {
		f.add("EO3602", probeDet, cl.clusterLoc(), "", "the cluster has %d learners; %s allows 1 by default (--max-learners)", learners, f.target)
	}
	switch {
	case voters == 1:
		f.add("EO0009", probeDet, cl.clusterLoc(), "", "the cluster has a single voting member: it is unavailable while that member restarts")
	case voters > 0 && voters%2 == 0:
		f.add("EO0010", probeDet, cl.clusterLoc(), "", "the cluster has %d voting members: it tolerates %d failure(s), no more than %d members would", voters, (voters-1)/2, voters-1)
	}
}

// versionsOf lists "version on endpoint" for messages.
func (cl *cluster) versionsOf() string {
	var parts []string
	for _, m := range cl.members {
		if v := m.version(); !v.IsZero() {
			parts = append(parts, fmt.Sprintf("%s on %s", v, m.endpoint))
		}
	}
	return strings.Join(parts, ", ")
}

func (cl *cluster) checkVersions(f *finder) {
	if cl.lowest.IsZero() {
		return
	}
	mixed := cl.lowest != cl.highest
	cv, cvErr := rules.ParseVersion(cl.clusterVersion())
	lagging := cvErr == nil && cv.MinorLine().Less(cl.highest.MinorLine())
	if mixed {
		what := "member versions are mixed"
		if lagging {
			what = fmt.Sprintf("an upgrade to %s is in progress (cluster version %s)", cl.highest.MinorLine(), cv)
		}
		f.add("EO0007", probeDet, cl.clusterLoc(), "", "%s: %s; finish it before adding, removing or promoting members", what, cl.versionsOf())
	}
	for _, m := range cl.members {
		if m.versionIsPlain && f.crosses(cl.lowest, "2.1") {
			f.add("EA2101", probeDet, cl.loc(m), "", "member at %s answers /version in plain text (%s); %s answers JSON", m.endpoint, m.httpServer, f.target)
		}
	}
	if f.target.IsZero() {
		return
	}
	target := f.target
	// Members already on a newer version than the target.
	if target.Less(cl.highest) {
		if cvErr == nil && target.MinorLine().Less(cv.MinorLine()) {
			f.add("EO0004", probeDet, cl.clusterLoc(), "Follow the etcd downgrade guide (etcdctl downgrade, etcdutl migrate) or restore a backup.",
				"target %s is older than the cluster version %s: binaries cannot be swapped back once every member is upgraded", target, cv)
		} else if target.MinorLine().Less(cl.highest.MinorLine()) {
			f.add("EO0007", probeDet, cl.clusterLoc(), "", "target %s rolls back members on %s while the cluster version is still %s: swap binaries back one member at a time", target, cl.highest, cv)
		}
		return
	}
	// More than one minor ahead of the lowest member, or a hop started
	// before the previous one finished.
	unfinished := !cl.lowest.SameMinor(cl.highest) && cl.highest.MinorLine().Less(target.MinorLine())
	if unfinished {
		f.add("EO0001", probeDet, cl.clusterLoc(), "", "members run %s: every member must reach %s before the hop to %s", cl.versionsOf(), cl.highest.MinorLine(), target.MinorLine())
	}
	steps, err := f.cat.Path(cl.lowest, target)
	if err != nil {
		f.problem(strings.Join(cl.given, ","), probeDet, false, "upgrade path from %s to %s: %v", cl.lowest, target, err)
		return
	}
	var hops []string
	for _, s := range steps {
		if s.Minor {
			hops = append(hops, s.To.String())
		}
	}
	if len(hops) > 1 && !unfinished {
		f.add("EO0001", probeDet, cl.clusterLoc(), "Upgrade path: "+pathString(cl.lowest, steps)+".",
			"the cluster runs %s and %s is %d minor releases ahead: upgrade one minor at a time", cl.lowest, target, len(hops))
	}
	if len(hops) > 0 {
		if cvErr == nil && !lagging && f.applies("EO0004", cl.lowest) {
			f.add("EO0004", probeDet, cl.clusterLoc(), "", "once every member runs %s the cluster version moves from %s to %s.0 and the old binaries refuse to start: take a backup first", target.MinorLine(), cv, target.MinorLine())
		}
		cl.checkFloors(f)
	}
	if f.crosses(cl.lowest, "3.0") && cvErr == nil && cv.Less(rules.MustParseVersion("2.3.0")) {
		f.add("EO3001", probeDet, cl.clusterLoc(), "", "cluster version %s: 3.0 members refuse to join a cluster below 2.3.0", cv)
	}
	if f.crosses(cl.lowest, "3.6") {
		f.add("ED3602", probeDet, cl.clusterLoc(), "", "when the cluster version reaches 3.6 the members write storage version 3.6 to their db; 3.5 binaries then refuse the data dir (rollback needs etcdutl migrate)")
	}
	for _, m := range cl.members {
		sv, err := rules.ParseVersion(cmpOr(m.storageVersion, m.httpStorage))
		if err == nil && target.MinorLine().Less(sv.MinorLine()) {
			f.add("ED3602", probeDet, cl.loc(m), "", "member at %s has storage version %s, newer than target %s: %s refuses this data dir", m.endpoint, sv, target, target)
		}
	}
}

// pathString renders an upgrade path as "3.4.20 -> 3.4.45 -> 3.5.35".
func pathString(from rules.Version, steps []rules.Step) string {
	parts := []string{from.String()}
	for _, s := range steps {
		parts = append(parts, s.To.String())
	}
	return strings.Join(parts, " -> ")
}

// checkFloors reports members below a patch floor of their next minor
// hop (EO2101, EO3301, EO3601, EO3701), and members not on the newest
// patch of their line (EO0002).
func (cl *cluster) checkFloors(f *finder) {
	for _, m := range cl.members {
		v := m.version()
		if v.IsZero() || !v.MinorLine().Less(f.target.MinorLine()) {
			continue
		}
		floored := false
		for _, fl := range f.cat.Floors() {
			if !fl.MinVersion().SameMinor(v) || !v.Less(fl.MinVersion()) {
				continue
			}
			if !cl.floorCondition(fl) {
				continue
			}
			floored = true
			cond := ""
			if fl.Condition != "" {
				cond = " (" + fl.Condition + ")"
			}
			f.add(fl.Rule, probeDet, cl.loc(m), fl.Reason, "member at %s runs %s: every member needs %s or later before %s%s", m.endpoint, v, fl.MinVersion(), fl.BeforeVersion(), cond)
		}
		if floored {
			continue
		}
		latest, err := f.cat.Resolve(v.MinorLine())
		if err == nil && v.Less(latest) {
			f.add("EO0002", probeDet, cl.loc(m), "", "member at %s runs %s; move it to %s, the newest %s patch, before the hop to %s", m.endpoint, v, latest, v.MinorLine(), f.target.MinorLine())
		}
	}
}

// floorCondition reports whether a conditional floor applies to what the
// probe saw: "auth" unless auth is known to be off, "learners" when the
// member list holds a learner (or could not be read).
func (cl *cluster) floorCondition(fl rules.Floor) bool {
	switch fl.When {
	case "auth":
		return !cl.authKnown || cl.authEnabled
	case "learners":
		_, learners := cl.counts()
		return cl.list == nil || learners > 0
	}
	return true
}

// quota is the member's backend quota: Status (3.6+), else /metrics,
// else 0 (unknown).
func (cl *cluster) quota(m *member) int64 {
	if m.dbSizeQuota > 0 {
		return m.dbSizeQuota
	}
	if m.metrics != nil && m.metrics.hasQuota && m.metrics.quota > 0 {
		return int64(m.metrics.quota)
	}
	return 0
}

func (cl *cluster) checkSizes(f *finder) {
	for _, m := range cl.members {
		if !m.statusOK {
			continue
		}
		q, assumed := cl.quota(m), ""
		if q == 0 {
			q, assumed = defaultQuota, " (default assumed)"
		}
		if float64(m.dbSize) >= quotaShare*float64(q) {
			f.add("ED0001", probeDet, cl.loc(m), "", "member at %s has a %s db, %.0f%% of its %s quota%s", m.endpoint, bytes(m.dbSize), 100*float64(m.dbSize)/float64(q), bytes(q), assumed)
		}
		if unused := m.dbSize - m.dbSizeInUse; m.dbSizeInUse > 0 && unused >= unusedMin && float64(unused) >= unusedShare*float64(m.dbSize) {
			f.add("ED0002", probeDet, cl.loc(m), "", "member at %s has a %s db of which only %s is in use", m.endpoint, bytes(m.dbSize), bytes(m.dbSizeInUse))
		}
	}
}

// bytes renders a size in binary units.
func bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func (cl *cluster) checkV2(f *finder) {
	for _, m := range cl.members {
		if !m.v2Served {
			continue
		}
		f.fact(m.endpoint, "v2_api", "enabled")
		if len(m.v2Keys) == 0 {
			continue
		}
		f.fact(m.endpoint, "v2_top_level_keys", "%d", len(m.v2Keys))
		keys := strings.Join(m.v2Keys[:min(len(m.v2Keys), 5)], ", ")
		loc := cl.loc(m)
		f.add("EO0005", probeDet, loc, "", "member at %s holds v2 keys (%s): etcdctl snapshot save does not back them up", m.endpoint, keys)
		if m.v2Size >= 0 {
			f.fact(m.endpoint, "v2_keys_json_bytes", "%d", m.v2Size)
			if m.v2Size > v2Slow {
				extra := ""
				if m.v2Size > v2Large {
					extra = "; above 100 MB the etcd team asks to be contacted"
				}
				f.add("EO0006", probeDet, loc, "", "member at %s serves over %s of v2 data: wait at least 2 minutes between members%s", m.endpoint, bytes(m.v2Size), extra)
			}
		}
		if f.crosses(cl.lowest, "3.0") {
			f.add("ED3001", probeDet, loc, "", "member at %s holds v2 keys (%s) that the v3 API of %s cannot read", m.endpoint, keys, f.target)
		}
		if f.crosses(cl.lowest, "3.6") {
			f.add("ED3601", probeDet, loc, "Confirm offline on each member with etcdlint probe --data-dir.", "member at %s holds custom v2 content (%s): %s refuses to start with it", m.endpoint, keys, f.target)
			f.add("EA3602", probeDet, loc, "", "member at %s serves the v2 API with data in it (%s); %s removes the v2 API", m.endpoint, keys, f.target)
		}
		if f.applies("ED3701", cl.lowest) {
			f.add("ED3701", probeDet, loc, "", "member at %s holds v2 content (%s) that %s ignores at bootstrap", m.endpoint, keys, f.target)
		}
	}
}

func (cl *cluster) checkMetrics(f *finder) {
	type metricRule struct {
		id, line string
		names    []string
		what     string
	}
	table := []metricRule{
		{"EA3101", "3.1", []string{"etcd_grpc_requests_total", "etcd_grpc_requests_failed_total", "etcd_grpc_active_streams", "etcd_grpc_unary_requests_duration_seconds"}, "replaced by grpc_server_*"},
		{"EA3303", "3.3", []string{"http_request_duration_microseconds", "http_request_size_bytes", "http_response_size_bytes"}, "no longer served"},
		{"EA3401", "3.4", []string{"etcd_debugging_mvcc_db_total_size_in_bytes", "etcd_debugging_mvcc_put_total", "etcd_debugging_mvcc_delete_total", "etcd_debugging_mvcc_txn_total", "etcd_debugging_mvcc_range_total"}, "renamed etcd_mvcc_*"},
		{"EA3503", "3.5", []string{"etcd_debugging_mvcc_db_total_size_in_bytes", "etcd_debugging_mvcc_put_total", "etcd_debugging_mvcc_delete_total", "etcd_debugging_mvcc_txn_total"}, "removed"},
		{"EA3603", "3.6", []string{"etcd_debugging_mvcc_range_total"}, "removed"},
	}
	for _, m := range cl.members {
		if m.metrics == nil {
			continue
		}
		for _, r := range table {
			if !f.crosses(cl.lowest, r.line) {
				continue
			}
			var present []string
			for _, n := range r.names {
				if m.metrics.names[n] {
					present = append(present, n)
				}
			}
			if len(present) > 0 {
				f.add(r.id, probeDet, cl.loc(m), "", "member at %s serves %s, %s in %s", m.endpoint, strings.Join(present, ", "), r.what, r.line)
			}
		}
		if l := m.metrics.clusterVersionLabel; l != "" && strings.Count(l, ".") == 2 && f.crosses(cl.lowest, "3.5") {
			f.add("EA3504", probeDet, cl.loc(m), "", "member at %s labels etcd_cluster_version with %q; from 3.5 the label is major.minor only", m.endpoint, l)
		}
		if m.metrics.httpReceived > 0 && f.crosses(cl.lowest, "3.6") {
			f.add("EA3602", probeDet, cl.loc(m), "", "member at %s has served %.0f v2 API requests (etcd_http_received_total); %s removes the v2 API", m.endpoint, m.metrics.httpReceived, f.target)
		}
	}
	if f.crosses(cl.lowest, "3.3") {
		f.add("EA3301", probeDet, cl.clusterLoc(), "", "from 3.3 /health reports false while an alarm is active or there is no leader; health checks of the cluster (on %s) will change", cl.lowest)
	}
	if f.crosses(cl.lowest, "3.6") {
		for _, lm := range cl.list {
			for _, pu := range lm.GetPeerURLs() {
				p, err := normaliseEndpoint(pu, cl.useTLS)
				if err == nil && slices.Contains(cl.given, p) {
					f.add("EA3601", probeDet, report.Location{Endpoint: p, Member: cl.memberName(lm.GetID())}, "", "endpoint %s is member %s's peer URL; %s does not serve clients there", p, cl.memberName(lm.GetID()), f.target)
				}
			}
		}
	}
}

func (cl *cluster) checkAuth(f *finder) {
	for _, m := range cl.members {
		if m.authDenied {
			f.add("EA0001", probeDet, cl.loc(m), "", "member at %s on %s refused Status: %s", m.endpoint, cmpOr(m.httpServer, "an unknown version"), m.err)
		}
	}
	if cl.authKnown && cl.authEnabled && f.crosses(cl.lowest, "3.5") {
		f.add("EO3501", probeDet, cl.clusterLoc(), "", "auth is enabled and the cluster runs %s: a rolling upgrade to %s is unsupported", cl.lowest, f.target)
	}
}

// anyContacted reports whether one of urls, normalised as endpoints are,
// is an endpoint the probe talked to.
func (cl *cluster) anyContacted(contacted map[string]bool, urls []string) bool {
	for _, u := range urls {
		if n, err := normaliseEndpoint(u, cl.useTLS); err == nil && contacted[n] || contacted[u] {
			return true
		}
	}
	return false
}
