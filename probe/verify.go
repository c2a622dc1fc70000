package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"

	"github.com/etcdlint/etcdlint/rules"
)

// Snapshot is the membership and versions of a cluster as the probe saw
// them, saved before an upgrade (etcdlint probe --save) and compared with
// the cluster after it (--verify-upgrade --before).
type Snapshot struct {
	// Taken is when the probe ran (RFC 3339, UTC).
	Taken string `json:"taken"`
	// ClusterID is the cluster's ID in hex, as etcdctl prints it.
	ClusterID string `json:"cluster_id"`
	// Members is the member list, sorted by ID.
	Members []SnapshotMember `json:"members"`
	// Versions maps each probed endpoint to its server version.
	Versions map[string]string `json:"versions"`
}

// SnapshotMember is one entry of a saved member list.
type SnapshotMember struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	PeerURLs  []string `json:"peer_urls"`
	IsLearner bool     `json:"is_learner"`
}

// ParseSnapshot decodes a snapshot written by [Snapshot.Marshal]; unknown
// fields and trailing data are errors.
func ParseSnapshot(data []byte) (*Snapshot, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("member snapshot: %w", err)
	}
	if dec.More() {
		return nil, errors.New("member snapshot: trailing data after the JSON object")
	}
	if len(s.Members) == 0 {
		return nil, errors.New("member snapshot: no members")
	}
	for _, m := range s.Members {
		if _, err := strconv.ParseUint(m.ID, 16, 64); err != nil {
			return nil, fmt.Errorf("member snapshot: member ID %q is not hex", m.ID)
		}
	}
	return &s, nil
}

// Marshal encodes the snapshot as indented JSON.
func (s *Snapshot) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("member snapshot: %w", err)
	}
	return append(b, '\n'), nil
}

// snapshot builds the snapshot of what the probe saw; nil when no member
// list could be read.
func (cl *cluster) snapshot(now time.Time) *Snapshot {
	list := cl.majorityList()
	if list == nil {
		return nil
	}
	s := &Snapshot{Taken: now.UTC().Format(time.RFC3339), Versions: map[string]string{}}
	for _, m := range cl.members {
		if m.clusterID != 0 && s.ClusterID == "" {
			s.ClusterID = strconv.FormatUint(m.clusterID, 16)
		}
		if v := m.version(); !v.IsZero() {
			s.Versions[m.endpoint] = v.String()
		}
	}
	s.Members = snapshotMembers(list)
	return s
}

func snapshotMembers(list []*pb.Member) []SnapshotMember {
	out := make([]SnapshotMember, 0, len(list))
	for _, lm := range list {
		urls := slices.Clone(lm.GetPeerURLs())
		slices.Sort(urls)
		out = append(out, SnapshotMember{ID: strconv.FormatUint(lm.GetID(), 16), Name: lm.GetName(), PeerURLs: urls, IsLearner: lm.GetIsLearner()})
	}
	slices.SortFunc(out, func(a, b SnapshotMember) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (m SnapshotMember) String() string {
	s := cmpOr(m.Name, m.ID) + " (" + m.ID + ") " + strings.Join(m.PeerURLs, ",")
	if m.IsLearner {
		s += " learner"
	}
	return s
}

// hashAll calls HashKV on every member that answered Status, at the lowest
// revision among them, so that the hashes cover the same history.
func (cl *cluster) hashAll(ctx context.Context) {
	for _, m := range cl.members {
		if m.statusOK && m.client != nil && (cl.hashRev == 0 || m.revision < cl.hashRev) {
			cl.hashRev = m.revision
		}
	}
	if cl.hashRev == 0 {
		return
	}
	var wg sync.WaitGroup
	for _, m := range cl.members {
		if !m.statusOK || m.client == nil {
			continue
		}
		wg.Go(func() {
			m.hashErr = cl.call(ctx, func(ctx context.Context) error {
				resp, err := m.client.HashKV(ctx, m.endpoint, cl.hashRev)
				if err != nil {
					return err
				}
				r := (*pb.HashKVResponse)(resp)
				m.hash, m.hashCompact, m.hashOK = r.GetHash(), r.GetCompactRevision(), true
				return nil
			})
		})
	}
	wg.Wait()
}

// verify checks that the upgrade to the target is complete (EO0072):
// every listed member answers and runs the target, the cluster and
// storage versions are the target's, one leader, no alarm, the member
// list unchanged against before (when given), and equal HashKV at a
// common revision.
func (cl *cluster) verify(f *finder, before *Snapshot) {
	loc := cl.clusterLoc()
	bad := func(format string, args ...any) {
		f.add("EO0072", probeDet, loc, "", format, args...)
	}
	target := f.target
	line := target.MinorLine().String() + ".0"
	leaders := map[uint64]bool{}
	for _, m := range cl.members {
		l := cl.loc(m)
		if !m.statusOK {
			f.add("EO0072", probeDet, l, "", "member at %s did not answer Status: the upgrade cannot be verified on it", m.endpoint)
			continue
		}
		if v := m.version(); v != target {
			f.add("EO0072", probeDet, l, "", "member at %s runs %s, not the target %s", m.endpoint, v, target)
		}
		if m.httpCluster != "" && m.httpCluster != line {
			f.add("EO0072", probeDet, l, "", "member at %s reports cluster version %s, not %s", m.endpoint, m.httpCluster, line)
		}
		if sv := cmpOr(m.storageVersion, m.httpStorage); !target.Less(rules.MustParseVersion("3.6.0")) && sv != line {
			f.add("EO0072", probeDet, l, "", "member at %s reports storage version %q, not %s", m.endpoint, sv, line)
		}
		leaders[m.leader] = true
	}
	switch {
	case len(leaders) > 1:
		bad("members disagree on the leader")
	case leaders[0]:
		bad("a member sees no leader")
	}
	for _, a := range cl.alarms {
		if a.GetAlarm() != pb.AlarmType_NONE {
			bad("%s alarm is active on member %s", a.GetAlarm(), cl.memberName(a.GetMemberID()))
		}
	}
	if cl.alarmErr != nil {
		bad("alarms could not be read: %s", grpcMessage(cl.alarmErr))
	}
	list := cl.majorityList()
	switch {
	case list == nil:
		bad("the member list could not be read")
	case !cl.listsAgree():
		bad("members return different member lists")
	}
	for _, lm := range list {
		if !slices.ContainsFunc(cl.members, func(m *member) bool { return m.statusOK && m.id == lm.GetID() }) {
			bad("member %s is in the member list but was not verified: probe every member (--discover)", cmpOr(lm.GetName(), strconv.FormatUint(lm.GetID(), 16)))
		}
	}
	if before != nil && list != nil {
		now := snapshotMembers(list)
		if !slices.EqualFunc(now, before.Members, func(a, b SnapshotMember) bool {
			return a.ID == b.ID && a.IsLearner == b.IsLearner && slices.Equal(a.PeerURLs, b.PeerURLs)
		}) {
			bad("the member list changed since %s: before %s; now %s", before.Taken, joinMembers(before.Members), joinMembers(now))
		}
		for _, m := range cl.members {
			if m.clusterID != 0 && before.ClusterID != "" && strconv.FormatUint(m.clusterID, 16) != before.ClusterID {
				f.add("EO0072", probeDet, cl.loc(m), "", "member at %s is in cluster %x, the snapshot was of cluster %s", m.endpoint, m.clusterID, before.ClusterID)
			}
		}
	}
	if cl.hashRev == 0 {
		bad("no member answered: key-value hashes were not compared")
		return
	}
	f.fact("cluster", "hashkv_revision", "%d", cl.hashRev)
	hashes := map[string][]string{}
	for _, m := range cl.members {
		if m.revision != 0 {
			f.fact(m.endpoint, "revision", "%d", m.revision)
		}
		switch {
		case m.hashErr != nil:
			f.add("EO0072", probeDet, cl.loc(m), "", "member at %s: HashKV at revision %d failed: %s", m.endpoint, cl.hashRev, grpcMessage(m.hashErr))
		case m.hashOK:
			f.fact(m.endpoint, "hashkv", "%d", m.hash)
			k := fmt.Sprintf("hash %d (compacted at %d)", m.hash, m.hashCompact)
			hashes[k] = append(hashes[k], m.endpoint)
		}
	}
	if len(hashes) > 1 {
		var parts []string
		for k, eps := range hashes {
			parts = append(parts, strings.Join(eps, ",")+": "+k)
		}
		slices.Sort(parts)
		bad("members disagree on the key-value hash at revision %d: %s", cl.hashRev, strings.Join(parts, "; "))
	}
}

func joinMembers(ms []SnapshotMember) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, ", ")
}
