package configcheck_test

import (
	"strings"
	"testing"
)

// TestSubcommandFlagSets checks etcd grpc-proxy start and etcd gateway
// start against their own flag sets, wherever they are started: a unit, a
// script, a container; server flags and Go-style -name flags are ES0011,
// the subcommand's own flags (with pflag's --name value) are fine, and
// no server check (ES0001, defaults) runs on them.
func TestSubcommandFlagSets(t *testing.T) {
	files := map[string]string{
		"etcd-proxy.service": "[Service]\nExecStart=/usr/bin/etcd grpc-proxy start --endpoints 10.0.0.1:2379 --listen-addr=127.0.0.1:23790 --debug --max-request-bytes=10 -namespace=x\n",
		"gateway.sh":         "#!/bin/sh\nexec etcd gateway start --endpoints=10.0.0.1:2379 --retry-delay 30s --listen-addr 127.0.0.1:23791\n",
	}
	res, dir := runFiles(t, files, []string{"etcd-proxy.service", "gateway.sh"}, "3.5", "3.6", nil)
	got := keys(res.Report, dir)
	want := []string{"ES0011@etcd-proxy.service:2", "ES0011@etcd-proxy.service:2"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings %v, want %v: %+v", got, want, res.Report.Findings)
	}
	msgs := ""
	for _, f := range res.Report.Findings {
		msgs += f.Message + "\n"
	}
	for _, w := range []string{`unknown flag: --max-request-bytes`, `unknown shorthand flag: 'n' in -namespace=x`, "a flag of the etcd server"} {
		if !strings.Contains(msgs, w) {
			t.Errorf("no finding says %q:\n%s", w, msgs)
		}
	}
	if len(res.Report.Problems) > 0 {
		t.Errorf("problems: %+v", res.Report.Problems)
	}

	// A flag only 3.6 defines, checked for a 3.6 target: fine.
	res, dir = runFiles(t, map[string]string{"p.service": "[Service]\nExecStart=/usr/bin/etcd grpc-proxy start --experimental-enable-grpc-logging\n"}, []string{"p.service"}, "3.5", "3.6", nil)
	if got := keys(res.Report, dir); len(got) > 0 {
		t.Errorf("3.6 flag on a 3.6 target: %v", got)
	}
	// The proxy fixture: the server flags of the grpc-proxy container.
	rep := runDeploy(t, "proxy-sidecars.yaml", "3.6")
	if !has(rep, "ES0011", 29) || !has(rep, "ES0011", 30) || len(rep.Findings) != 2 {
		t.Errorf("proxy-sidecars.yaml: want ES0011 at 29 and 30 only: %+v", rep.Findings)
	}
}
