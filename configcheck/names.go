package configcheck

import (
	"flag"
	"reflect"
	"sort"
	"strings"
	"sync"

	"go.etcd.io/etcd/api/v3/version"
	"go.etcd.io/etcd/client/pkg/v3/transport"
	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/features"

	"github.com/etcdlint/etcdlint/rules"
)

// etcdmainFlags are the flags etcd's main package registers next to
// embed.Config.AddFlags (server/etcdmain/config.go newConfig).
var etcdmainFlags = []string{"config-file", "discovery-fallback", "initial-cluster-state", "v2-deprecation", "version"}

// etcdmainIgnored are the 0.4-era flags etcdmain accepts and ignores.
var etcdmainIgnored = []string{
	"cluster-active-size", "cluster-remove-delay", "cluster-sync-interval", "config", "force",
	"max-result-buffer", "max-retry-attempts", "peer-heartbeat-interval", "peer-election-timeout",
	"retry-interval", "snapshot", "v", "vv", "test.coverprofile", "test.outputdir",
}

// linkedVersion is the etcd version linked into etcdlint.
func linkedVersion() rules.Version {
	v, err := rules.ParseVersion(version.Version)
	if err != nil {
		return rules.Version{}
	}
	return v
}

// linkedSets holds the linked version's real names, computed once.
type linkedSets struct {
	flags map[string]bool // every flag the etcd binary accepts
	yaml  map[string]bool // lower-case YAML key paths ("client-transport-security.cert-file")
	gates map[string]bool // feature gates
}

// linkedNames returns the linked etcd version's flag set (embed.NewConfig
// plus AddFlags on a fresh FlagSet, plus etcdmain's own flags), its
// config-file keys (the json tags etcd decodes into) and its gates.
var linkedNames = sync.OnceValue(func() *linkedSets {
	s := &linkedSets{flags: map[string]bool{}, yaml: map[string]bool{}, gates: map[string]bool{}}
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	embed.NewConfig().AddFlags(fs)
	fs.VisitAll(func(f *flag.Flag) { s.flags[f.Name] = true })
	for _, n := range etcdmainFlags {
		s.flags[n] = true
	}
	for _, n := range etcdmainIgnored {
		s.flags[n] = true
	}
	for _, k := range jsonKeys(reflect.TypeFor[configYAML](), "") {
		s.yaml[k] = true
	}
	for _, sec := range []string{"client-transport-security", "peer-transport-security"} {
		for _, k := range jsonKeys(reflect.TypeFor[securityConfig](), sec+".") {
			s.yaml[k] = true
		}
	}
	for _, k := range jsonKeys(reflect.TypeFor[transport.SocketOpts](), "socket-options.") {
		s.yaml[k] = true
	}
	for g := range features.DefaultEtcdServerFeatureGates {
		s.gates[string(g)] = true
	}
	return s
})

// jsonKeys lists the lower-case keys encoding/json matches for a struct
// type: json tags, or field names for untagged exported fields, with
// embedded structs promoted.
func jsonKeys(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, jsonKeys(ft, prefix)...)
			}
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, prefix+strings.ToLower(name))
	}
	return out
}

// isLinked reports whether v is on the linked version's minor line.
func (r *run) isLinked(v rules.Version) bool {
	return !r.linked.IsZero() && v.SameMinor(r.linked)
}

// flagIn reports whether version v accepts the flag.
func (r *run) flagIn(f *rules.Flag, v rules.Version) bool {
	if f.Ignored {
		return true
	}
	if r.isLinked(v) {
		return linkedNames().flags[f.Name]
	}
	return f.In(v)
}

// structuralKeys are YAML keys holding nested settings, with the first
// version that reads them.
var structuralKeys = map[string]string{
	"client-transport-security": "3.0",
	"peer-transport-security":   "3.0",
	"socket-options":            "3.5",
	"discovery-config":          "3.6",
}

// valid reports whether version v accepts the setting on its surface.
func (r *run) valid(s *setting, v rules.Version) bool {
	switch s.surf {
	case surfFlag, surfEnv:
		return s.flag != nil && r.flagIn(s.flag, v)
	}
	if v.Major < 3 {
		return false
	}
	lower := strings.ToLower(s.name)
	if r.isLinked(v) {
		return linkedNames().yaml[lower]
	}
	if since, ok := structuralKeys[lower]; ok {
		return !v.Less(rules.MustParseVersion(since + ".0"))
	}
	if s.flag == nil {
		// The security sections share one struct: a key known under one
		// is read under the other too.
		for _, pair := range [][2]string{{"client-transport-security.", "peer-transport-security."}, {"peer-transport-security.", "client-transport-security."}} {
			if rest, ok := strings.CutPrefix(lower, pair[0]); ok {
				if f := r.table.byYAML[pair[1]+rest]; f != nil {
					return r.flagIn(f, v)
				}
			}
		}
		return false
	}
	if s.flag.YAMLKey() == "" {
		return false
	}
	if s.flag.Name == "discovery-fallback" && !v.Less(rules.MustParseVersion("3.6.0")) {
		return false // etcdmain's own YAML struct is gone in 3.6
	}
	return r.flagIn(s.flag, v)
}

// gatesAt lists the feature gates version v knows.
func (r *run) gatesAt(v rules.Version) map[string]bool {
	if r.isLinked(v) {
		return linkedNames().gates
	}
	out := map[string]bool{}
	if v.Less(rules.MustParseVersion("3.6.0")) {
		return out
	}
	// The gates that replaced experimental flags, from the flag table, and
	// the one 3.6 gate that never had a flag.
	for i := range r.table.rows {
		if g := r.table.rows[i].FeatureGate(); g != "" {
			out[g] = true
		}
	}
	out["SetMemberLocalAddr"] = true
	if !v.Less(rules.MustParseVersion("3.7.0")) {
		out["FastLeaseKeepAlive"], out["PriorityRequest"] = true, true
	}
	return out
}

// namesAt lists the names version v accepts on a surface (for did-you-mean).
func (r *run) namesAt(surf surface, v rules.Version, parent string) []string {
	var out []string
	for i := range r.table.rows {
		f := &r.table.rows[i]
		if f.Ignored || !r.flagIn(f, v) {
			continue
		}
		switch surf {
		case surfFlag:
			out = append(out, f.Name)
		case surfEnv:
			out = append(out, f.EnvName())
		case surfYAML:
			k := f.YAMLKey()
			if k == "" || k == "discovery-config" {
				continue
			}
			p, leaf, nested := strings.Cut(k, ".")
			switch {
			case parent == "" && !nested:
				out = append(out, k)
			case parent != "" && nested && strings.EqualFold(p, parent):
				out = append(out, leaf)
			}
		}
	}
	sort.Strings(out)
	return out
}

// suggest returns the closest name to s among names, or "".
func suggest(s string, names []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	limit := max(2, len(s)/4)
	for _, n := range names {
		// The distance is at least the difference in length: most
		// names are ruled out without computing it.
		if diff := len(n) - len(s); diff > limit || -diff > limit {
			continue
		}
		d := levenshtein(ls, strings.ToLower(n))
		if d < bestD {
			best, bestD = n, d
		}
	}
	if bestD <= limit && bestD > 0 {
		return best
	}
	// A missing or extra "experimental-" prefix.
	for _, n := range names {
		if strings.TrimPrefix(ls, "experimental-") == strings.ToLower(n) {
			return n
		}
	}
	return ""
}

func levenshtein(a, b string) int {
	if len(a) > 200 || len(b) > 200 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
