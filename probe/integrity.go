package probe

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// listKey renders a member list as a comparable string: sorted member IDs
// with the learner flag and peer URLs.
func listKey(list []*pb.Member) string {
	parts := make([]string, 0, len(list))
	for _, m := range list {
		urls := slices.Clone(m.GetPeerURLs())
		slices.Sort(urls)
		l := ""
		if m.GetIsLearner() {
			l = " learner"
		}
		parts = append(parts, fmt.Sprintf("%x%s %s", m.GetID(), l, strings.Join(urls, ",")))
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// listNames renders a member list as "name (id), ..." for messages.
func listNames(list []*pb.Member) string {
	parts := make([]string, 0, len(list))
	for _, m := range list {
		n := strconv.FormatUint(m.GetID(), 16)
		if m.GetName() != "" {
			n = m.GetName() + " (" + n + ")"
		}
		if m.GetIsLearner() {
			n += " learner"
		}
		parts = append(parts, n)
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// majorityList returns the member list most members report about
// themselves (ties go to the list of the member probed first), or the
// cluster-wide list when no member answered with its own.
func (cl *cluster) majorityList() []*pb.Member {
	count := map[string]int{}
	var best []*pb.Member
	bestN := 0
	for _, m := range cl.members {
		if m.list == nil {
			continue
		}
		k := listKey(m.list)
		count[k]++
		if count[k] > bestN {
			best, bestN = m.list, count[k]
		}
	}
	if best == nil {
		return cl.list
	}
	return best
}

// checkIntegrity compares what each member says about the membership:
// every member's own member list, members that answer but are not in the
// list (removed and left running when they report the others' cluster
// ID, EO0074; of another cluster otherwise), listed members whose peer
// URL does not answer (zombies), and each member's learner flag in the
// list against its own status (EO0070, EO0071). Rules for the hop (EO3571, EO3671)
// are added where the target crosses 3.5 or 3.6.
func (cl *cluster) checkIntegrity(ctx context.Context, f *finder) {
	ref := cl.majorityList()
	if ref == nil {
		return
	}
	refKey := listKey(ref)
	inRef := map[uint64]*pb.Member{}
	for _, lm := range ref {
		inRef[lm.GetID()] = lm
	}
	zombieRules := func(rule string, loc report.Location, what string) {
		f.add(rule, probeDet, loc, "", "%s", what)
		if f.crosses(cl.lowest, "3.5") {
			f.add("EO3571", probeDet, loc, "", "%s; on 3.4 to 3.5 such members have come back and could not be removed", what)
		}
		if f.crosses(cl.lowest, "3.6") {
			f.add("EO3671", probeDet, loc, "", "%s; 3.6 reads membership from the v3 store and can bring removed members back", what)
		}
	}
	refCluster := cl.refClusterID(inRef)
	answered := map[uint64]bool{}
	for _, m := range cl.members {
		if !m.statusOK {
			continue
		}
		answered[m.id] = true
		loc := cl.loc(m)
		if m.listErr != nil {
			f.problem(m.endpoint, probeDet, false, "member list (serializable): %s", grpcMessage(m.listErr))
		}
		if _, ok := inRef[m.id]; !ok {
			if refCluster != 0 && m.clusterID == refCluster {
				zombieRules("EO0074", loc, fmt.Sprintf("member at %s (ID %x) answers but was removed from cluster %x: the other members list %s, it still lists %s; stop it before the upgrade", m.endpoint, m.id, refCluster, listNames(ref), cmpOr(listNames(m.list), "(its list could not be read)")))
			} else {
				zombieRules("EO0070", loc, fmt.Sprintf("member at %s (ID %x) answers but is not in the member list the other members agree on (%s): it belongs to another cluster (ID %x) and still runs", m.endpoint, m.id, listNames(ref), m.clusterID))
			}
			continue
		}
		if m.list != nil && listKey(m.list) != refKey {
			f.add("EO0070", probeDet, loc, "", "member at %s lists %s; the others list %s", m.endpoint, listNames(m.list), listNames(ref))
		}
		if lm := inRef[m.id]; lm.GetIsLearner() != m.isLearner {
			f.add("EO0071", probeDet, loc, "", "member at %s reports is_learner=%t in its status but the member list says learner=%t", m.endpoint, m.isLearner, lm.GetIsLearner())
		}
	}
	// Listed members that did not answer on a client URL: are they alive?
	// The members' own view comes first: each member that answered and
	// served /metrics says which peers it has a live raft stream to
	// (etcd_network_active_peers). A listed member that no answering
	// member has active is down or a zombie from the cluster's side, even
	// when something still accepts connections on its peer port. Only
	// when no member's metrics could be read does the probe dial the peer
	// URLs itself, which says nothing when it runs outside the cluster
	// network.
	var viewers []*member
	for _, m := range cl.members {
		if answered[m.id] && m.metrics != nil && m.metrics.peerView {
			viewers = append(viewers, m)
		}
	}
	method := "members_metrics"
	if len(viewers) == 0 {
		method = "probe_dial"
	}
	silent := map[uint64][]string{}
	if len(viewers) > 0 {
		for _, lm := range ref {
			if answered[lm.GetID()] {
				continue
			}
			active := false
			for _, v := range viewers {
				if v.metrics.activePeers[lm.GetID()] {
					active = true
				}
			}
			if !active {
				silent[lm.GetID()] = lm.GetPeerURLs()
			}
		}
	} else {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, lm := range ref {
			if answered[lm.GetID()] || len(lm.GetPeerURLs()) == 0 {
				continue
			}
			wg.Go(func() {
				var dead []string
				for _, pu := range lm.GetPeerURLs() {
					if !cl.dials(ctx, pu) {
						dead = append(dead, pu)
					}
				}
				if len(dead) == len(lm.GetPeerURLs()) {
					mu.Lock()
					silent[lm.GetID()] = dead
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	ids := make([]uint64, 0, len(silent))
	for id := range silent {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		lm := inRef[id]
		name := cmpOr(lm.GetName(), strconv.FormatUint(id, 16))
		loc := report.Location{Endpoint: strings.Join(silent[id], ","), Member: cl.memberName(id)}
		if method == "members_metrics" {
			names := make([]string, 0, len(viewers))
			for _, v := range viewers {
				names = append(names, v.endpoint)
			}
			zombieRules("EO0070", loc, fmt.Sprintf("member %s is in the member list but no member that answers has an active raft stream to it (etcd_network_active_peers on %s, the members' view): a zombie or a member that is down", name, strings.Join(names, ", ")))
		} else {
			zombieRules("EO0070", loc, fmt.Sprintf("member %s is in the member list but nothing answers on its peer URL %s when dialled from the probe host (no member's /metrics could be read): a zombie or a member that is down", name, strings.Join(silent[id], ",")))
		}
	}
	f.fact("cluster", "peer_liveness_method", "%s", method)
	f.fact("cluster", "member_lists_agree", "%t", cl.listsAgree())
}

// refClusterID returns the cluster ID most of the answering members in
// the reference member list report, 0 when none does.
func (cl *cluster) refClusterID(inRef map[uint64]*pb.Member) uint64 {
	count := map[uint64]int{}
	var best uint64
	for _, m := range cl.members {
		if _, ok := inRef[m.id]; !ok || !m.statusOK || m.clusterID == 0 {
			continue
		}
		count[m.clusterID]++
		if count[m.clusterID] > count[best] {
			best = m.clusterID
		}
	}
	return best
}

// listsAgree reports whether every member that returned its own member
// list returned the same one.
func (cl *cluster) listsAgree() bool {
	key := ""
	for _, m := range cl.members {
		if m.list == nil {
			continue
		}
		k := listKey(m.list)
		if key != "" && k != key {
			return false
		}
		key = k
	}
	return true
}

// dials reports whether a TCP connection to a peer URL's host succeeds
// within the probe timeout (peer URLs are only connected to, never sent
// anything).
func (cl *cluster) dials(ctx context.Context, peerURL string) bool {
	u, err := url.Parse(peerURL)
	if err != nil || u.Host == "" {
		return false
	}
	d := net.Dialer{Timeout: min(cl.timeout, 3*time.Second)}
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// checkRanges reports members running a patch inside a known-bad range:
// every probe rule whose since and until are patches of one line (the
// production minimums, the security advisories of family EV, and bugs of
// a few patches). The catalog is the only table.
func (cl *cluster) checkRanges(f *finder) {
	for _, r := range f.cat.Rules() {
		if !rangeRule(r) {
			continue
		}
		for _, m := range cl.members {
			v := m.version()
			if v.IsZero() || v.Less(r.SinceVersion()) || !v.Less(r.UntilVersion()) {
				continue
			}
			f.add(r.ID, probeDet, cl.loc(m), "", "member at %s runs %s: %s", m.endpoint, v, r.Title)
		}
	}
	if !f.target.IsZero() {
		for _, r := range f.cat.Rules() {
			if rangeRule(r) && r.HasDetector(probeDet) && !f.target.Less(r.SinceVersion()) && f.target.Less(r.UntilVersion()) {
				f.add(r.ID, probeDet, cl.clusterLoc(), "", "target %s is itself affected: %s", f.target, r.Title)
			}
		}
	}
}

// rangeRule reports whether a probe rule names a range of patches of one
// line that a running member must leave.
func rangeRule(r *rules.Rule) bool {
	s, u := r.SinceVersion(), r.UntilVersion()
	return r.HasDetector(probeDet) && s.HasPatch && u.HasPatch && s.SameMinor(u)
}
