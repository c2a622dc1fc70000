package configcheck

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.etcd.io/etcd/client/pkg/v3/types"
	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// defaultClusterToken is etcd's default --initial-cluster-token.
const defaultClusterToken = "etcd-cluster"

// clusterEntry is one name=URL pair of --initial-cluster as written.
type clusterEntry struct{ name, url string }

// parseInitialCluster splits an --initial-cluster value into its pairs;
// ok is false when a pair has no '='.
func parseInitialCluster(val string) (entries []clusterEntry, ok bool) {
	for _, kv := range strings.Split(val, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		name, u, found := strings.Cut(kv, "=")
		if !found {
			return nil, false
		}
		entries = append(entries, clusterEntry{strings.TrimSpace(name), strings.TrimSpace(u)})
	}
	return entries, true
}

// known returns the setting when it is set to a value written in the
// input (not a variable, specifier or valueFrom reference).
func known(s *setting) (*setting, bool) {
	if s == nil {
		return nil, true
	}
	if s.opaque() || strings.TrimSpace(s.value) == "" {
		return s, false
	}
	return s, true
}

// checkBootstrap checks the static bootstrap settings (--initial-cluster,
// --initial-cluster-state, --initial-cluster-token, --name) the way etcd
// validates them on an empty data dir.
func (r *run) checkBootstrap(st *checkState) {
	if st.inv.image.kind == imageBitnami {
		// Bitnami's start script recomputes ETCD_INITIAL_CLUSTER and,
		// for a member with an empty volume, re-adds it and switches to
		// existing: the values written are not what etcd gets.
		return
	}
	for _, d := range []string{"discovery", "discovery-srv", "discovery-endpoints"} {
		if s := st.eff[d]; s != nil && strings.TrimSpace(s.value) != "" {
			return // discovery bootstraps the cluster, not --initial-cluster
		}
	}
	if p, ok := known(st.eff["proxy"]); p != nil && ok {
		if v := strings.TrimSpace(p.value); v == "on" || v == "readonly" {
			// A v2 proxy reads --initial-cluster for the members to
			// forward to; it joins no cluster (a target without
			// --proxy refuses the flag: ES3601 says so).
			return
		}
	}
	stateSet, stateKnown := known(st.eff["initial-cluster-state"])
	state := "new"
	if stateSet != nil && stateKnown {
		state = strings.TrimSpace(stateSet.value)
	}
	ic, ok := known(st.eff["initial-cluster"])
	var entries []clusterEntry
	if ic != nil && ok && r.valid(ic, r.target) {
		entries, ok = parseInitialCluster(ic.value)
		if !ok {
			entries = nil
		}
	}
	members := map[string]bool{}
	for _, e := range entries {
		members[e.name] = true
	}
	if stateSet != nil && stateKnown && state == "new" {
		r.checkEveryReplicaNew(st, stateSet, len(members))
	}
	if len(entries) == 0 {
		return
	}
	urls, err := types.NewURLsMap(ic.value)
	if err != nil {
		return // not URLs etcd can parse: the URL checks say so
	}
	var names []string
	perName := map[string][]string{}
	for _, e := range entries {
		if _, seen := perName[e.name]; !seen {
			names = append(names, e.name)
		}
		perName[e.name] = append(perName[e.name], e.url)
	}

	nameSet, nameKnown := known(st.eff["name"])
	name, nameWhat := "default", fmt.Sprintf("the default name \"default\" (no %s is set)", r.nameFor("name", ic.surf))
	if nameSet != nil && nameKnown {
		name = strings.TrimSpace(nameSet.value)
		nameWhat = fmt.Sprintf("%s=%s", nameSet.display(), name)
	}

	if nameKnown && urls[name] == nil {
		msg := fmt.Sprintf("%s does not list this member's name: %s is not among %s; on an empty data dir etcd %s exits (\"couldn't find local name %q in the initial cluster configuration\")", ic.display(), nameWhat, quoteList(names), r.target, name)
		if stateKnown && state == "existing" {
			msg += "; a member joining with existing must list itself, as etcdctl member add prints it"
		}
		r.finding("ES0096", 0, ic.src, ic.at, msg, nil)
	}

	if dup := duplicateURL(urls); dup != "" {
		r.finding("ES0098", 0, ic.src, ic.at, fmt.Sprintf("%s lists peer URL %s more than once: on an empty data dir etcd %s exits (\"initial cluster ... has duplicate url\")", ic.display(), dup, r.target), nil)
	}
	r.checkRepeatedNames(st, ic, names, perName, name, nameKnown)

	if !stateKnown || state != "new" || len(names) < 2 {
		return
	}
	tok, tokKnown := known(st.eff["initial-cluster-token"])
	if tokKnown && (tok == nil || strings.TrimSpace(tok.value) == defaultClusterToken) {
		at, what := ic, fmt.Sprintf("no %s is set (the default is %q)", r.nameFor("initial-cluster-token", ic.surf), defaultClusterToken)
		if tok != nil {
			at, what = tok, fmt.Sprintf("%s is etcd's default %q", tok.display(), defaultClusterToken)
		}
		r.finding("ES0097", 0, at.src, at.at, fmt.Sprintf("%s for a new %d-member cluster: another cluster bootstrapped from the same member names and peer URLs gets the same cluster and member IDs, so its members can join or corrupt this one; set a token unique to this cluster", what, len(names)), nil)
	}
}

// nameFor renders flag name on surface s (--name, ETCD_NAME, name).
func (r *run) nameFor(name string, s surface) string {
	if f := r.table.byName[name]; f != nil {
		return nameOn(f, s)
	}
	return "--" + name
}

// duplicateURL returns a peer URL etcd's CheckDuplicateURL rejects, or "".
func duplicateURL(m types.URLsMap) string {
	seen := map[string]bool{}
	var names []string
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, u := range m[n] {
			if seen[u.String()] {
				return u.String()
			}
			seen[u.String()] = true
		}
	}
	return ""
}

// checkRepeatedNames reports a name given several distinct peer URLs in a
// list where every other member has exactly one: etcd merges them into
// one member, which is rarely what a copied entry meant.
func (r *run) checkRepeatedNames(st *checkState, ic *setting, names []string, perName map[string][]string, self string, selfKnown bool) {
	if len(names) < 2 {
		return
	}
	var repeated []string
	for _, n := range names {
		u := slices.Clone(perName[n])
		slices.Sort(u)
		if len(slices.Compact(u)) > 1 {
			repeated = append(repeated, n)
		}
	}
	if len(repeated) != 1 || len(perName[repeated[0]]) < 2 {
		return
	}
	n := repeated[0]
	for _, other := range names {
		if other != n && len(perName[other]) != 1 {
			return
		}
	}
	if selfKnown && n == self {
		if adv, ok := known(st.eff["initial-advertise-peer-urls"]); adv != nil && ok {
			var want []string
			for _, u := range strings.Split(adv.value, ",") {
				if u = strings.TrimSpace(u); u != "" {
					want = append(want, u)
				}
			}
			got := slices.Clone(perName[n])
			slices.Sort(want)
			slices.Sort(got)
			if slices.Equal(slices.Compact(want), slices.Compact(got)) {
				return // this member really advertises all of them
			}
		}
	}
	r.finding("ES0099", 0, ic.src, ic.at, fmt.Sprintf("%s gives %q %d peer URLs (%s) while every other member has one: etcd merges them into a single member, so the cluster has %d members, not %d; member %q exits unless it advertises all of them, and a member meant for one of those URLs is not in the list and exits (\"couldn't find local name\")", ic.display(), n, len(perName[n]), strings.Join(perName[n], ", "), len(names), len(names)+len(perName[n])-1, n), nil)
}

// checkEveryReplicaNew reports new hard-coded in a deployment that runs
// several members from one definition: a StatefulSet, Deployment or
// ReplicaSet with several replicas, or a compose service of a cluster of
// several members (members is how many --initial-cluster lists, 0 when
// it is not known).
func (r *run) checkEveryReplicaNew(st *checkState, s *setting, members int) {
	var where string
	switch st.inv.src.kind {
	case KindKubernetes:
		kind, name, replicas := workloadAt(st.inv)
		switch {
		case kind == "":
			return
		case replicas >= 2:
			where = fmt.Sprintf("%s %s (%d replicas)", kind, name, replicas)
		case replicas == 0 && kind == "StatefulSet" && members >= 2:
			where = fmt.Sprintf("StatefulSet %s (replicas not given; %d members listed)", name, members)
		default:
			return
		}
	case KindCompose:
		if members < 2 {
			return
		}
		where = fmt.Sprintf("the %d-member compose cluster (%s)", members, st.inv.what)
	default:
		return
	}
	r.finding("ES0095", 0, s.src, s.at, fmt.Sprintf("%s=new is hard-coded for every replica of %s: a replica whose volume is lost or replaced restarts with an empty data dir and new while the cluster runs, and etcd %s exits (\"member ... has already been bootstrapped\"); decide the state at start: new only while the cluster is first created, otherwise etcdctl member remove and member add, then existing (as the Bitnami chart and etcd-operator do)", s.display(), where, r.target), nil)
}

// workloadAt returns the kind, name and spec.replicas of the Kubernetes
// workload whose document holds the invocation; replicas is 0 when the
// field is absent, kind "" when the document is not a replicated workload.
func workloadAt(inv *invocation) (kind, name string, replicas int) {
	docs, _ := parseYAMLDocs(inv.src.data)
	var root *yaml.Node
	for _, d := range docs {
		if n := docRoot(d); n != nil && n.Line <= inv.start.line {
			root = n
		}
	}
	if root == nil {
		return "", "", 0
	}
	_, k := mapGet(root, "kind")
	switch scalarText(k) {
	case "StatefulSet", "Deployment", "ReplicaSet":
	default:
		return "", "", 0
	}
	_, meta := mapGet(root, "metadata")
	_, n := mapGet(meta, "name")
	_, spec := mapGet(root, "spec")
	_, rep := mapGet(spec, "replicas")
	if rep == nil {
		if scalarText(k) == "StatefulSet" {
			return "StatefulSet", scalarText(n), 0
		}
		return scalarText(k), scalarText(n), 1
	}
	c, err := strconv.Atoi(scalarText(rep))
	if err != nil {
		return "", "", 0
	}
	return scalarText(k), scalarText(n), c
}
