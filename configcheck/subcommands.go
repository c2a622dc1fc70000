package configcheck

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// subFlag is a flag of etcd grpc-proxy start or etcd gateway start.
type subFlag struct {
	name   string
	isBool bool
	// added is the first minor that defines it ("" for every minor the
	// table covers, 3.4 and later).
	added string
}

// subFlagsFrom is the oldest minor the subcommand tables cover: they are
// verified against the --help output of real etcd 3.4.25, 3.5.20, 3.6.16
// and 3.7.3 binaries.
var subFlagsFrom = rules.Version{Major: 3, Minor: 4}

// subcommandFlags are the flag sets of the subcommands, which parse
// their flags with cobra (pflag syntax: --name value or --name=value),
// not as the server does, and read no ETCD_* variables.
var subcommandFlags = map[string][]subFlag{
	"grpc-proxy": {
		{name: "advertise-client-url"}, {name: "auto-tls", isBool: true}, {name: "cacert"}, {name: "cert"},
		{name: "cert-file"}, {name: "client-crl-file"}, {name: "data-dir"}, {name: "debug", isBool: true},
		{name: "dial-keepalive-time", added: "3.5"}, {name: "dial-keepalive-timeout", added: "3.5"}, {name: "discovery-srv"}, {name: "discovery-srv-name"},
		{name: "enable-pprof", isBool: true}, {name: "endpoints"}, {name: "endpoints-auto-sync-interval", added: "3.5"},
		{name: "experimental-enable-grpc-logging", isBool: true, added: "3.6"},
		{name: "experimental-leasing-prefix"}, {name: "experimental-serializable-ordering", isBool: true},
		{name: "grpc-keepalive-interval", added: "3.5"}, {name: "grpc-keepalive-min-time", added: "3.5"}, {name: "grpc-keepalive-timeout", added: "3.5"},
		{name: "help", isBool: true}, {name: "insecure-discovery", isBool: true}, {name: "insecure-skip-tls-verify", isBool: true},
		{name: "key"}, {name: "key-file"}, {name: "listen-addr"}, {name: "listen-cipher-suites"},
		{name: "max-concurrent-streams"}, {name: "max-recv-bytes"}, {name: "max-send-bytes"}, {name: "metrics-addr"},
		{name: "namespace"}, {name: "permit-without-stream", isBool: true, added: "3.5"}, {name: "resolver-prefix"}, {name: "resolver-ttl"},
		{name: "self-signed-cert-validity", added: "3.5"}, {name: "tls-max-version", added: "3.5"}, {name: "tls-min-version", added: "3.5"}, {name: "trusted-ca-file"},
	},
	"gateway": {
		{name: "discovery-srv"}, {name: "discovery-srv-name"}, {name: "endpoints"}, {name: "help", isBool: true},
		{name: "insecure-discovery", isBool: true}, {name: "listen-addr"}, {name: "retry-delay"}, {name: "trusted-ca-file"},
	},
}

// in reports whether version v defines the flag.
func (f subFlag) in(v rules.Version) bool {
	if f.added == "" {
		return true
	}
	return !v.Less(rules.MustParseVersion(f.added))
}

// lookupSubFlag finds a subcommand's flag by name.
func lookupSubFlag(sub, name string) (subFlag, bool) {
	for _, f := range subcommandFlags[sub] {
		if f.name == name {
			return f, true
		}
	}
	return subFlag{}, false
}

// isSubcommand reports whether the words after etcd start etcd
// grpc-proxy or etcd gateway.
func isSubcommand(args []word) bool {
	return len(args) > 0 && (args[0].text == "grpc-proxy" || args[0].text == "gateway")
}

// checkSubcommand checks an etcd grpc-proxy start or etcd gateway start
// command line against the target's flag set: cobra stops with "unknown
// flag" (or "unknown shorthand flag" for a Go-style -name) on a flag the
// subcommand does not define.
func (r *run) checkSubcommand(inv *invocation) {
	what := "etcd " + inv.sub
	args := inv.subArgs
	if len(args) == 0 || args[0].text != "start" {
		r.problem(inv.src.name, inv.start.line, fmt.Sprintf("%s runs %s without start (it prints its help); nothing to check", inv.what, what))
		return
	}
	if r.target.Less(subFlagsFrom) {
		r.problem(inv.src.name, inv.start.line, fmt.Sprintf("%s runs %s start: its flags are checked for etcd %s and later only", inv.what, what, subFlagsFrom))
		return
	}
	for i := 1; i < len(args); i++ {
		w := args[i]
		if w.sep {
			break
		}
		if w.text == "--" {
			break
		}
		if !strings.HasPrefix(w.text, "-") || w.text == "-" || strings.Contains(w.text, "$") {
			continue
		}
		src := w.in(inv.src)
		at := src.posOf(w.off)
		if !strings.HasPrefix(w.text, "--") {
			if w.text == "-h" {
				continue
			}
			r.finding("ES0011", rules.Error, src, at, fmt.Sprintf("%s: %s start takes flags with two dashes; etcd %s exits (\"unknown shorthand flag: '%c' in %s\")", w.text, what, r.target, w.text[1], w.text), nil)
			continue
		}
		name, _, hasValue := strings.Cut(w.text[2:], "=")
		f, known := lookupSubFlag(inv.sub, name)
		if !known || !f.in(r.target) {
			msg := fmt.Sprintf("--%s is not a flag of %s start: etcd %s exits (\"unknown flag: --%s\")", name, what, r.target, name)
			if r.table.byName[name] != nil {
				msg += "; it is a flag of the etcd server, not of " + what
			}
			r.finding("ES0011", rules.Error, src, at, msg, nil)
			continue
		}
		if !hasValue && !f.isBool {
			i++ // --name value
		}
	}
}
