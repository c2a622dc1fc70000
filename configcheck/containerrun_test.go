package configcheck

import (
	"strings"
	"testing"
)

// TestParseContainerRun checks how engine commands are read: the
// engine's own options (with and without values) are skipped, the image
// is found, -e values become the environment and the command after the
// image is etcd's, or the entrypoint's arguments.
func TestParseContainerRun(t *testing.T) {
	for _, tc := range []struct {
		line      string
		image     string
		env, args string // joined with spaces
		hasCmd    bool
		ok        bool
	}{
		{line: "docker run -d --rm --name etcd -v /d:/etcd-data -p 2379:2379 --net=host -e ETCD_NAME=a quay.io/coreos/etcd:v3.5.9 /usr/local/bin/etcd --data-dir /etcd-data",
			image: "quay.io/coreos/etcd:v3.5.9", env: "ETCD_NAME=a", args: "--data-dir /etcd-data", hasCmd: true, ok: true},
		{line: "sudo docker container run -it --env-file x.env --env ETCD_A=1 -eETCD_B gcr.io/etcd-development/etcd:v3.6.4",
			image: "gcr.io/etcd-development/etcd:v3.6.4", env: "ETCD_A=1", ok: true},
		{line: "podman run --pull missing --systemd false -u 0 registry.k8s.io/etcd:3.5.15-0 etcd --name x",
			image: "registry.k8s.io/etcd:3.5.15-0", args: "--name x", hasCmd: true, ok: true},
		{line: "docker run --entrypoint /usr/local/bin/etcd quay.io/coreos/etcd:v3.4.27 --enable-v2",
			image: "quay.io/coreos/etcd:v3.4.27", args: "--enable-v2", hasCmd: true, ok: true},
		{line: `docker run quay.io/coreos/etcd:v3.4.27 sh -c "exec etcd --name m1"`,
			image: "quay.io/coreos/etcd:v3.4.27", args: "--name m1", hasCmd: true, ok: true},
		{line: "rkt run --net=host --set-env=ETCD_X=1 --volume d,kind=host,source=/v coreos.com/etcd:v3.3.27 --mount volume=d,target=/v -- --name n1",
			image: "coreos.com/etcd:v3.3.27", env: "ETCD_X=1", args: "--name n1", ok: true},
		{line: "rkt run docker://quay.io/coreos/etcd:v3.2.0 --exec /usr/local/bin/etcd -- --name n1",
			image: "quay.io/coreos/etcd:v3.2.0", args: "--name n1", hasCmd: true, ok: true},
		{line: "docker run --rm quay.io/coreos/etcd:v3.5.9 etcdctl endpoint health"},
		{line: "docker run -d nginx:1.25"},
		{line: "docker ps -a"},
		{line: "docker run --name"},
	} {
		words, _ := splitWords([]byte(tc.line), 0, len(tc.line), modeShell)
		cr, ok := parseContainerRun(words)
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.line, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		join := func(ws []word) string {
			var s []string
			for _, w := range ws {
				s = append(s, w.text)
			}
			return strings.Join(s, " ")
		}
		if got := strings.TrimPrefix(cr.image.raw, "docker://"); got != tc.image {
			t.Errorf("%s: image %q, want %q", tc.line, got, tc.image)
		}
		env := join(cr.env)
		if strings.Contains(tc.line, "-eETCD_B") {
			env = join(cr.env[:1])
		}
		if env != tc.env {
			t.Errorf("%s: env %q, want %q", tc.line, env, tc.env)
		}
		if got := join(cr.args); got != tc.args || cr.hasCmd != tc.hasCmd {
			t.Errorf("%s: args %q (command %v), want %q (%v)", tc.line, got, cr.hasCmd, tc.args, tc.hasCmd)
		}
	}
}
