package configcheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// TestTokenFixLayout fixes flags and variables written in awkward ways and
// checks the bytes written: only the tokens change, and what cannot be
// edited token by token is left alone.
func TestTokenFixLayout(t *testing.T) {
	cat := fixCatalog(t)
	for _, tc := range []struct {
		name, file, in, want string
		from, target         string
		after                bool
	}{
		{name: "CRLF unit keeps CRLF", file: "etcd.service",
			in:   "[Service]\r\nExecStart=/usr/bin/etcd --name a \\\r\n  --enable-v2 \\\r\n  --data-dir /d\r\n",
			want: "[Service]\r\nExecStart=/usr/bin/etcd --name a \\\r\n  --data-dir /d\r\n"},
		{name: "last continued line takes the backslash before it", file: "etcd.service",
			in:   "[Service]\nExecStart=/usr/bin/etcd --name a \\\n  --enable-v2=true\nRestart=always\n",
			want: "[Service]\nExecStart=/usr/bin/etcd --name a\nRestart=always\n"},
		{name: "quoted word renamed inside its quotes", file: "etcd.service", after: true,
			in:   "[Service]\nExecStart=/usr/bin/etcd --name a \"--experimental-compaction-batch-limit=1000\"\n",
			want: "[Service]\nExecStart=/usr/bin/etcd --name a \"--compaction-batch-limit=1000\"\n"},
		{name: "Procfile process: a flag removed, the process name kept", file: "Procfile", after: true,
			in:   "# local cluster\netcd1: bin/etcd --name a --enable-v2 --data-dir /d\nweb: ./server --enable-v2\n",
			want: "# local cluster\netcd1: bin/etcd --name a --data-dir /d\nweb: ./server --enable-v2\n"},
		{name: "a v2 proxy keeps --proxy=on: without it the process would start as a member", file: "etcd.args", after: true,
			in: "etcd --name p1 --proxy=on --initial-cluster a=http://10.0.0.1:2380\n"},
		{name: "--proxy=off is removed", file: "etcd.args", after: true,
			in:   "etcd --name a --proxy=off --data-dir /d\n",
			want: "etcd --name a --data-dir /d\n"},
		{name: "two removals on one line", file: "etcd.args",
			in:   "etcd --name a --enable-v2 --experimental-enable-v2v3=/v2/ --data-dir /d\n",
			want: "etcd --name a --data-dir /d\n"},
		{name: "flow sequence item removed with its comma", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--enable-v2\", \"--name=a\"]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--name=a\"]\n"},
		{name: "last flow item removed with the comma before it", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [etcd, --name=a, --enable-v2=true]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [etcd, --name=a]\n"},
		{name: "flow item and its value item removed", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--experimental-enable-v2v3\", \"/v2/\", \"--name=a\"]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--name=a\"]\n"},
		{name: "flow sequence over several lines loses the item's line", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\n      \"etcd\",\n      \"--enable-v2\",\n      \"--name=a\"\n    ]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\n      \"etcd\",\n      \"--name=a\"\n    ]\n"},
		{name: "last item of a flow sequence over several lines", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\n      \"etcd\",\n      \"--name=a\",\n      \"--enable-v2\"\n    ]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\n      \"etcd\",\n      \"--name=a\"\n    ]\n"},
		{name: "flow item renamed inside its quotes", file: "pod.yaml", after: true,
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--experimental-compaction-batch-limit=1000\"]\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"etcd\", \"--compaction-batch-limit=1000\"]\n"},
		{name: "flag inside a flow item's quoted shell text left alone, as in a block list", file: "pod.yaml", after: true,
			in: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.20-0\n    command: [\"/bin/sh\", \"-c\", \"exec etcd --enable-v2 --name=a\"]\n"},
		{name: "expanded variable left alone", file: "etcd.service",
			in: "[Service]\nEnvironment=ETCD_OPTS=--enable-v2\nExecStart=/usr/bin/etcd --name a $ETCD_OPTS\n"},
		{name: "shell block in a manifest", file: "pod.yaml",
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.6\n    command:\n    - /bin/sh\n    - -c\n    - |\n      exec etcd --name a \\\n        --enable-v2\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.6\n    command:\n    - /bin/sh\n    - -c\n    - |\n      exec etcd --name a\n"},
		{name: "entrypoint args, comment kept", file: "pod.yaml",
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: gcr.io/etcd-development/etcd:v3.5.20\n    args:\n    # members\n    - --name=a\n    - --enable-v2\n    - --data-dir=/d\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: gcr.io/etcd-development/etcd:v3.5.20\n    args:\n    # members\n    - --name=a\n    - --data-dir=/d\n"},
		{name: "quoted compose list entry removed after the upgrade", file: "docker-compose.yml", after: true,
			in:   "services:\n  etcd:\n    image: gcr.io/etcd-development/etcd:v3.5.20\n    environment:\n      - \"ETCD_ENABLE_V2=true\"\n      - ETCD_NAME=a\n",
			want: "services:\n  etcd:\n    image: gcr.io/etcd-development/etcd:v3.5.20\n    environment:\n      - ETCD_NAME=a\n"},
		{name: "quoted compose list entry kept while 3.5 reads it", file: "docker-compose.yml",
			in: "services:\n  etcd:\n    image: gcr.io/etcd-development/etcd:v3.5.20\n    environment:\n      - \"ETCD_ENABLE_V2=true\"\n      - ETCD_NAME=a\n"},
		{name: "ca-file env entry of a manifest", file: "pod.yaml", from: "3.3.27", target: "3.4",
			in:   "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.3.27\n    command: [\"etcd\"]\n    env:\n    - name: ETCD_CA_FILE\n      value: /etc/etcd/ca.crt\n    - name: ETCD_NAME\n      value: a\n",
			want: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.3.27\n    command: [\"etcd\"]\n    env:\n    - name: ETCD_TRUSTED_CA_FILE\n      value: /etc/etcd/ca.crt\n    - name: ETCD_CLIENT_CERT_AUTH\n      value: \"true\"\n    - name: ETCD_NAME\n      value: a\n"},
		{name: "peer-ca-file in a compose environment mapping", file: "docker-compose.yml", from: "3.3.27", target: "3.4",
			in:   "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      ETCD_PEER_CA_FILE: /ca.crt\n      ETCD_NAME: a\n",
			want: "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      ETCD_PEER_TRUSTED_CA_FILE: /ca.crt\n      ETCD_PEER_CLIENT_CERT_AUTH: \"true\"\n      ETCD_NAME: a\n"},
		{name: "ca-file in a compose environment list", file: "docker-compose.yml", from: "3.3.27", target: "3.4",
			in:   "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      - ETCD_CA_FILE=/ca.crt\n      - ETCD_NAME=a\n",
			want: "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      - ETCD_TRUSTED_CA_FILE=/ca.crt\n      - ETCD_CLIENT_CERT_AUTH=true\n      - ETCD_NAME=a\n"},
		{name: "ca-file in a unit's Environment=", file: "etcd.service", from: "3.3.27", target: "3.4",
			in:   "[Service]\nEnvironment=ETCD_CA_FILE=/ca.crt\nExecStart=/usr/bin/etcd --name a\n",
			want: "[Service]\nEnvironment=ETCD_TRUSTED_CA_FILE=/ca.crt ETCD_CLIENT_CERT_AUTH=true\nExecStart=/usr/bin/etcd --name a\n"},
		{name: "ca-file env entry with client-cert-auth set", file: "docker-compose.yml", from: "3.3.27", target: "3.4",
			in:   "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      - ETCD_CA_FILE=/ca.crt\n      - ETCD_CLIENT_CERT_AUTH=true\n",
			want: "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.3.27\n    environment:\n      - ETCD_TRUSTED_CA_FILE=/ca.crt\n      - ETCD_CLIENT_CERT_AUTH=true\n"},
		{name: "gates merged into a quoted feature-gates value", file: "etcd.args", from: "3.6", target: "3.7",
			in:   "etcd --name a --feature-gates=\"TxnModeWriteWithSharedBuffer=false\" --experimental-initial-corrupt-check\n",
			want: "etcd --name a --feature-gates=\"TxnModeWriteWithSharedBuffer=false,InitialCorruptCheck=true\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			from, target := tc.from, tc.target
			if from == "" {
				from, target = fixFrom, fixTarget
			}
			tv, err := cat.Resolve(rules.MustParseVersion(target))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), Options{Paths: []string{p}, From: from, Target: tv.String(), Catalog: cat, Fix: true, FixAfterUpgrade: tc.after}); err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got, _ := os.ReadFile(p); string(got) != want {
				t.Errorf("fixed:\n%q\nwant:\n%q", got, want)
			}
		})
	}
}

// TestContinuedLineRemovals removes two and three consecutive continued
// lines at the first, middle and last place of a command, in a unit and
// in a shell block: every removal of the run applies, no backslash is
// left before an empty line or the next directive, and a second run has
// nothing more to fix.
func TestContinuedLineRemovals(t *testing.T) {
	cat := fixCatalog(t)
	const (
		a = "  --enable-v2 \\\n"
		b = "  --experimental-enable-v2v3=/v2/ \\\n"
		c = "  --v2-deprecation not-yet \\\n"
	)
	unit := func(body string) string { return "[Service]\nExecStart=/usr/bin/etcd \\\n" + body + "Restart=always\n" }
	last := func(s string) string { return s[:len(s)-3] + "\n" }
	pod := func(body string) string {
		return "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.20\n    command:\n    - /bin/sh\n    - -c\n    - |\n      mkdir -p /d\n      exec etcd \\\n" + strings.ReplaceAll(body, "  --", "        --")
	}
	for _, tc := range []struct{ name, file, in, want string }{
		{"unit two first", "etcd.service", unit(a + b + "  --name a \\\n  --data-dir /d\n"), unit("  --name a \\\n  --data-dir /d\n")},
		{"unit two middle", "etcd.service", unit("  --name a \\\n" + a + b + "  --data-dir /d\n"), unit("  --name a \\\n  --data-dir /d\n")},
		{"unit two last", "etcd.service", unit("  --name a \\\n  --data-dir /d \\\n" + a + last(b)), unit("  --name a \\\n  --data-dir /d\n")},
		{"unit three first", "etcd.service", unit(a + b + c + "  --name a\n"), unit("  --name a\n")},
		{"unit three middle", "etcd.service", unit("  --name a \\\n" + a + b + c + "  --data-dir /d\n"), unit("  --name a \\\n  --data-dir /d\n")},
		{"unit three last", "etcd.service", unit("  --name a \\\n" + a + b + last(c)), unit("  --name a\n")},
		{"shell two last", "pod.yaml", pod("  --name a \\\n" + a + last(b)), pod("  --name a\n")},
		{"shell three middle", "pod.yaml", pod("  --name a \\\n" + a + b + c + "  --data-dir=/d\n"), pod("  --name a \\\n  --data-dir=/d\n")},
		{"shell three first", "pod.yaml", pod(a + b + c + "  --name a\n"), pod("  --name a\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			tv, err := cat.Resolve(rules.MustParseVersion(fixTarget))
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Paths: []string{p}, From: fixFrom, Target: tv.String(), Catalog: cat, Fix: true}
			if _, err := Run(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			if string(got) != tc.want {
				t.Fatalf("fixed:\n%s\nwant:\n%s", got, tc.want)
			}
			opts.Fix = false
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Report.Findings {
				if f.Fix != nil {
					t.Errorf("after --fix, still a fix: %s %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// TestProcfile reads a Procfile's processes: each line's command is an
// invocation named by its process, comment lines are not run, a
// Procfile whose processes start no etcd is no input when walked and
// says so when named, and an unterminated quote is reported at its
// line while the other processes are still checked.
func TestProcfile(t *testing.T) {
	cat := fixCatalog(t)
	tv, err := cat.Resolve(rules.MustParseVersion("3.6"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, paths ...string) *Result {
		t.Helper()
		res, err := Run(context.Background(), Options{Paths: paths, From: "3.5.20", Target: tv.String(), Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := write("etcd/Procfile.dev", "etcd1: bin/etcd --name a --enable-v2\n# etcd2: bin/etcd --name b --enable-v2\nbroken: bin/etcd --name 'c\nweb: ./web\n")
	res := check(t, p)
	var got []string
	for _, f := range res.Report.Findings {
		if f.Rule == "ES3601" {
			got = append(got, fmt.Sprintf("%d:%d", f.Location.Line, f.Location.Column))
		}
	}
	if !slices.Equal(got, []string{"1:26"}) {
		t.Errorf("ES3601 findings at %q, want only process etcd1's --enable-v2 at 1:26", got)
	}
	if len(res.Report.Inputs) != 1 || res.Report.Inputs[0].Kind != KindProcfile {
		t.Errorf("inputs %+v, want one procfile", res.Report.Inputs)
	}
	quote := false
	for _, pr := range res.Report.Problems {
		quote = quote || pr.Line == 3 && strings.Contains(pr.Message, "process broken")
	}
	if !quote {
		t.Errorf("no problem for the unterminated quote of process broken at line 3: %+v", res.Report.Problems)
	}

	app := write("app/Procfile", "web: bundle exec puma\nworker: bundle exec sidekiq\n")
	if res := check(t, filepath.Dir(app)); len(res.Report.Inputs) != 0 || len(res.Report.Problems) != 0 {
		t.Errorf("a walked application Procfile: inputs %+v, problems %+v; want none", res.Report.Inputs, res.Report.Problems)
	}
	named := false
	for _, pr := range check(t, app).Report.Problems {
		named = named || strings.Contains(pr.Message, "no process starts the etcd server")
	}
	if !named {
		t.Error("a named Procfile that starts no etcd does not say so")
	}
}
