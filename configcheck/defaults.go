package configcheck

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// absentFinding records a finding about a setting left unset: it points
// at the line that starts etcd (or line 1 of a file) and says when the
// from version was assumed.
func (r *run) absentFinding(st *checkState, id, msg string) {
	r.finding(id, 0, st.inv.src, st.inv.start, msg, nil)
	if st.assumed {
		f := &r.rep.Findings[len(r.rep.Findings)-1]
		f.Note = fmt.Sprintf("the from version is unknown: assumed %s, the oldest etcd that accepts every setting of this %s", st.from, st.inv.what)
		if len(r.removedByFix(st.inv)) > 0 {
			f.Note += " (counting the settings a fix removed)"
		}
		f.LowConfidence = true
	}
}

// checkDefaults reports default changes under settings left unset.
func (r *run) checkDefaults(st *checkState) {
	eff := st.eff
	unset := func(n string) bool { return eff[n] == nil }
	if r.applies("ES3003", st.from) {
		var missing []string
		for _, n := range []string{"listen-client-urls", "advertise-client-urls", "listen-peer-urls", "initial-advertise-peer-urls"} {
			if unset(n) {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			r.absentFinding(st, "ES3003", fmt.Sprintf("%s not set: etcd 2.x defaults also served the legacy ports 4001 (clients) and 7001 (peers); etcd 3.0 and later use only 2379 and 2380", quoteList(missing)))
		}
	}
	if unset("strict-reconfig-check") && r.applies("ES3101", st.from) {
		r.absentFinding(st, "ES3101", "strict-reconfig-check not set: the default changes from false to true in etcd 3.1, so member changes that would lose quorum are rejected")
	}
	if r.applies("ES3103", st.from) {
		for _, p := range [][2]string{{"listen-client-urls", "advertise-client-urls"}, {"listen-peer-urls", "initial-advertise-peer-urls"}} {
			if l := eff[p[0]]; l != nil && unset(p[1]) && strings.Contains(l.value, "0.0.0.0") {
				r.finding("ES3103", 0, l.src, l.at, fmt.Sprintf("%s listens on 0.0.0.0 and %s is not set: from etcd 3.1 the member advertises the host's default-route IP instead of localhost", l.display(), p[1]), nil)
			}
		}
	}
	if unset("snapshot-count") {
		r.snapshotDefault(st)
	}
	if unset("enable-v2") && r.applies("ES3401", st.from) {
		r.absentFinding(st, "ES3401", "enable-v2 not set: the default changes from true to false in etcd 3.4, so the v2 API (/v2/keys) is no longer served; v2 clients break")
	}
	if r.target.SameMinor(v("3.4.0")) && unset("logger") && r.applies("ES3404", st.from) {
		// The from version predates --logger and refuses it: the switch
		// waits for 3.4 on every member.
		r.absentFinding(st, "ES3404", fmt.Sprintf("logger not set: etcd 3.4 defaults to capnslog, which 3.5 removes; set logger zap with log-outputs stderr once every member runs etcd 3.4 or later (%s does not accept logger)", st.from))
	}
	if unset("pre-vote") && r.applies("ES3505", st.from) {
		r.absentFinding(st, "ES3505", "pre-vote not set: the default changes from false to true in etcd 3.5 (Raft pre-vote: a rejoining partitioned member no longer forces an election)")
	}
	if st.inv.yamlFile != nil && unset("enable-grpc-gateway") && r.applies("ES3506", st.from) {
		r.absentFinding(st, "ES3506", "enable-grpc-gateway not set: with a configuration file it defaults to false in etcd 3.4 and true from 3.5, exposing the HTTP/JSON /v3 API on the client URLs")
	}
	if unset("backend-bbolt-freelist-type") && unset("experimental-backend-bbolt-freelist-type") && r.applies("ES3509", st.from) {
		r.absentFinding(st, "ES3509", "no freelist type set: the bbolt freelist default changes from array to map in etcd 3.5")
	}
	if r.applies("ES3503", st.from) {
		lo := eff["log-outputs"]
		if lo == nil || strings.Contains(lo.value, "default") {
			msg := "log-outputs not set: from etcd 3.5 'default' means stderr in JSON; the automatic journald output under systemd is gone (use systemd/journal)"
			if lo != nil {
				r.finding("ES3503", 0, lo.src, lo.at, strings.Replace(msg, "log-outputs not set", lo.display()+" uses 'default'", 1), nil)
			} else {
				r.absentFinding(st, "ES3503", msg)
			}
		}
	}
	if unset("feature-gates") && r.applies("ES3704", st.from) {
		r.absentFinding(st, "ES3704", "feature-gates not set: etcd 3.7 turns the beta gate FastLeaseKeepAlive on by default (PriorityRequest stays off)")
	}
}

// snapshotDefault reports the --snapshot-count default moving under an
// unset setting (10,000 to 3.1, 100,000 in 3.2 to 3.5, 10,000 from 3.6).
func (r *run) snapshotDefault(st *checkState) {
	f := r.table.byName["snapshot-count"]
	if f == nil {
		return
	}
	d1, ok1 := f.DefaultAt(st.from)
	d2, ok2 := f.DefaultAt(r.target)
	if !ok1 || !ok2 || d1 == d2 {
		return
	}
	id := "ES3201"
	trade := "the leader keeps ten times more Raft entries in memory; slow followers catch up from the log for longer"
	if d2 < d1 || len(d2) < len(d1) {
		id = "ES3603"
		trade = "less memory, but snapshots are taken ten times as often and slow followers fall back to full snapshot transfers sooner"
	}
	r.absentFinding(st, id, fmt.Sprintf("snapshot-count not set: the default changes from %s (etcd %s) to %s (etcd %s): %s", d1, st.from, d2, r.target, trade))
}

// checkWindow checks each setting against every version that runs
// during the hops from → target.
func (r *run) checkWindow(st *checkState) {
	if !st.from.Less(r.target) {
		return
	}
	steps, err := r.cat.Path(st.from, r.target)
	if err != nil {
		r.problem(st.inv.src.name, 0, fmt.Sprintf("cannot compute the upgrade path: %v", err))
		return
	}
	type hop struct{ a, b rules.Version }
	var hops []hop
	for _, s := range steps {
		hops = append(hops, hop{s.From, s.To})
	}
	// The versions that run, each with the hop that first runs it: the
	// same for every setting, so built once.
	type running struct {
		ver   rules.Version
		label string // "3.5.20 (hop 3.5.20 to 3.6.0)"
	}
	var window []running
	seen := map[string]bool{}
	var versions []string
	for _, h := range hops {
		for _, ver := range []rules.Version{h.a, h.b} {
			if !ver.HasPatch || seen[ver.String()] {
				continue
			}
			seen[ver.String()] = true
			versions = append(versions, ver.String())
			window = append(window, running{ver, fmt.Sprintf("%s (hop %s to %s)", ver, h.a, h.b)})
		}
	}
	validOn := "valid on " + strings.Join(versions, ", ")
	for _, s := range st.inv.settings() {
		if s.flag != nil && s.flag.Ignored {
			continue
		}
		// rejected lists the versions before the target that refuse the
		// setting (the target's refusal has its own finding); the fact
		// names every version that refuses it, the target included.
		var rejected []string
		targetRejects := false
		for _, w := range window {
			if r.valid(s, w.ver) {
				continue
			}
			if w.ver == r.target {
				targetRejects = true
				continue
			}
			rejected = append(rejected, w.label)
		}
		factRejected := rejected
		if targetRejects {
			factRejected = append(slices.Clone(rejected), r.target.String()+" (the target)")
		}
		subject := fmt.Sprintf("%s:%d", s.src.name, s.at.line)
		if r.windowFacts++; r.windowFacts > maxListedUnknown {
			if r.windowFacts == maxListedUnknown+1 {
				r.rep.Facts = append(r.rep.Facts, report.Fact{Subject: subject, Name: "rolling_window", Value: fmt.Sprintf("more than %d settings: the rest are not listed", maxListedUnknown)})
			}
		} else if len(factRejected) == 0 {
			r.rep.Facts = append(r.rep.Facts, report.Fact{Subject: subject, Name: "rolling_window " + s.written(), Value: validOn})
		} else {
			r.rep.Facts = append(r.rep.Facts, report.Fact{Subject: subject, Name: "rolling_window " + s.written(), Value: "rejected by " + strings.Join(factRejected, ", ")})
		}
		if len(rejected) == 0 {
			continue
		}
		if !r.valid(s, r.target) {
			continue // reported against the target, with the version that removed it
		}
		msg := fmt.Sprintf("%s is not accepted by etcd %s, which runs during the rolling upgrade", s.display(), quoteList(rejected))
		if old := r.oldNameFor(s); old != "" {
			msg += fmt.Sprintf("; keep %s until every member runs etcd %s, then switch", old, s.flag.Added)
		}
		r.finding("ES0004", sevFor(s.surf), s.src, s.at, msg, nil)
	}
}

// oldNameFor names the flag a renamed setting replaces, on its surface.
func (r *run) oldNameFor(s *setting) string {
	if s.flag == nil {
		return ""
	}
	for i := range r.table.rows {
		f := &r.table.rows[i]
		if f.RenamedTo == s.flag.Name && strings.HasPrefix(f.Name, "experimental-") {
			return nameOn(f, s.surf)
		}
	}
	return ""
}

// covered are the validation errors other rules already report.
var coveredValidation = []string{"expected IP in URL for binding", "unexpected empty host", "capnslog is removed", "v2 proxy is deprecated", "requires enabling feature gate LeaseCheckpoint", "unrecognized feature gate", "cannot set --", "cannot specify both"}

var jsonFieldRE = regexp.MustCompile(`Go struct field [^ ]*?([A-Za-z0-9-]+) of type`)

// validateInvocation builds an embed.Config from the settings exactly as
// the linked etcd does and runs its Validate.
func (r *run) validateInvocation(st *checkState) {
	inv := st.inv
	var at *setting
	var err error
	if inv.yamlFile != nil {
		cfg, derr := linkedConfigFromYAML(inv.yamlFile.decodeInput())
		if derr != nil {
			// Errors are reported as the whole file gives them.
			cfg, derr = linkedConfigFromYAML(inv.src.data)
		}
		var de *decodeError
		switch {
		case errors.As(derr, &de):
			msg := strings.TrimPrefix(de.Error(), "error unmarshaling JSON: while decoding JSON: ")
			p := inv.start
			if m := jsonFieldRE.FindStringSubmatch(msg); m != nil {
				for _, s := range inv.yaml {
					if strings.EqualFold(s.name, m[1]) || strings.HasSuffix(strings.ToLower(s.name), "."+strings.ToLower(m[1])) {
						p = s.at
						break
					}
				}
			}
			r.finding("ES0003", 0, inv.src, p, fmt.Sprintf("etcd %s cannot decode the configuration file and exits: %s", r.target, msg), nil)
			return
		case errors.Is(derr, errReported):
			return
		case derr != nil:
			err = derr
		default:
			err = validateLinked(cfg)
		}
	} else {
		var args, env []linkedArg
		for _, s := range inv.flags {
			val, ok := linkedValue(s)
			if s.flag == nil || s.flag.Ignored || !r.valid(s, r.target) || !ok || s.name == "raft-read-timeout" || s.name == "raft-write-timeout" {
				continue
			}
			args = append(args, linkedArg{s: s, name: s.name, value: val, bare: s.bare})
		}
		for _, s := range inv.env {
			val, ok := linkedValue(s)
			if s.flag == nil || s.flag.Ignored || !r.valid(s, r.target) || !ok || s.flag.Name == "raft-read-timeout" || s.flag.Name == "raft-write-timeout" {
				continue
			}
			env = append(env, linkedArg{s: s, name: s.flag.Name, value: val})
		}
		cfg, where, perr := linkedConfigFromArgs(args, env)
		at, err = where, perr
		if perr == nil {
			err = validateLinked(cfg)
		}
	}
	if err == nil {
		return
	}
	msg := err.Error()
	for _, c := range coveredValidation {
		if strings.Contains(msg, c) {
			return
		}
	}
	for _, s := range st.eff {
		if s.urlFailure() {
			return
		}
	}
	p, src := inv.start, inv.src
	if at == nil {
		at = r.settingNamed(inv, msg)
	}
	if at != nil {
		p, src = at.at, at.src
	}
	for _, f := range r.rep.Findings {
		if f.Severity == rules.Error && f.Location.File == src.name && f.Location.Line == p.line {
			return // the same failure, already explained by a specific rule
		}
	}
	r.finding("ES0007", 0, src, p, fmt.Sprintf("etcd %s's own validation rejects the configuration: %s", r.target, msg), nil)
}

// urlFailure reports whether the setting holds a URL types.NewURLs
// rejects (already reported as ES0006).
func (s *setting) urlFailure() bool {
	if s.flag == nil || s.flag.Type != "urls" || s.opaque() {
		return false
	}
	for _, part := range strings.Split(s.value, ",") {
		if part = strings.TrimSpace(part); part != "" && !validURL(part) {
			return true
		}
	}
	return false
}

// settingNamed finds the setting a validation message names (--flag).
func (r *run) settingNamed(inv *invocation, msg string) *setting {
	for _, s := range inv.settings() {
		if s.flag != nil && (strings.Contains(msg, "--"+s.flag.Name) || strings.Contains(msg, s.flag.Name+" ")) {
			return s
		}
	}
	return nil
}
