package configcheck_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/report"
)

// bootstrapRules are the rules of configcheck/bootstrapstate.go.
var bootstrapRules = []string{"ES0095", "ES0096", "ES0097", "ES0098", "ES0099"}

// bootstrapOnly keeps the findings of the bootstrap rules, as RULE:LINE.
func bootstrapOnly(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if slices.Contains(bootstrapRules, f.Rule) {
			out = append(out, fmt.Sprintf("%s:%d", f.Rule, f.Location.Line))
		}
	}
	slices.Sort(out)
	return out
}

// TestBootstrapFixtures checks the deployment fixtures of
// testdata/config/deploy/bootstrap finding by finding.
func TestBootstrapFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		// Three replicas with new and the default token.
		{"bootstrap/statefulset.yaml", []string{"ES0095:60", "ES0097:61"}},
		// Three services with new and no token; etcd3's list repeats
		// etcd2 and so lacks etcd3.
		{"bootstrap/compose.yml", []string{
			"ES0095:15", "ES0095:28", "ES0095:41",
			"ES0096:40",
			"ES0097:14", "ES0097:27", "ES0097:40",
			"ES0099:40",
		}},
		// A member joining with existing that does not list itself.
		{"bootstrap/member-add.env", []string{"ES0096:10"}},
	} {
		rep := runDeploy(t, tc.file, "3.6")
		if got := bootstrapOnly(rep); !slices.Equal(got, tc.want) {
			t.Errorf("%s: bootstrap findings %v, want %v", tc.file, got, tc.want)
		}
	}
}

// statefulSet renders a StatefulSet running etcd with args.
func statefulSet(replicas string, args ...string) string {
	var b strings.Builder
	b.WriteString("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: etcd\nspec:\n")
	if replicas != "" {
		b.WriteString("  replicas: " + replicas + "\n")
	}
	b.WriteString("  serviceName: etcd\n  template:\n    spec:\n      containers:\n      - name: etcd\n        image: registry.k8s.io/etcd:3.5.21-0\n        command: [etcd]\n        args:\n")
	for _, a := range args {
		fmt.Fprintf(&b, "        - %q\n", a)
	}
	return b.String()
}

// bitnamiSTS is the shape of the Bitnami chart's rendered StatefulSet:
// the image's start script rewrites the state and the member list.
const bitnamiSTS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: etcd
spec:
  replicas: 3
  serviceName: etcd-headless
  template:
    spec:
      containers:
      - name: etcd
        image: docker.io/bitnami/etcd:3.5.17-debian-12-r3
        env:
        - name: ETCD_ON_K8S
          value: "yes"
        - name: ETCD_NAME
          value: "$(MY_POD_NAME)"
        - name: ETCD_INITIAL_CLUSTER_STATE
          value: "new"
        - name: ETCD_INITIAL_CLUSTER_TOKEN
          value: "etcd-cluster-k8s"
        - name: ETCD_INITIAL_CLUSTER
          value: "etcd-0=http://etcd-0.etcd-headless.default.svc.cluster.local:2380,etcd-1=http://etcd-1.etcd-headless.default.svc.cluster.local:2380,etcd-2=http://etcd-2.etcd-headless.default.svc.cluster.local:2380"
`

const three = "--initial-cluster=etcd-0=http://etcd-0.etcd:2380,etcd-1=http://etcd-1.etcd:2380,etcd-2=http://etcd-2.etcd:2380"

// TestBootstrapCases checks each rule on inputs that must and must not
// report it.
func TestBootstrapCases(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		want                []string
	}{
		{"statefulset new", "sts.yaml", statefulSet("3", "--name=$(POD_NAME)", three, "--initial-cluster-state=new", "--initial-cluster-token=prod-a"), []string{"ES0095"}},
		{"statefulset without replicas", "sts.yaml", statefulSet("", "--name=$(POD_NAME)", three, "--initial-cluster-state=new", "--initial-cluster-token=prod-a"), []string{"ES0095"}},
		{"statefulset opaque list", "sts.yaml", statefulSet("3", "--name=$(POD_NAME)", "--initial-cluster=$(CLUSTER)", "--initial-cluster-state=new"), []string{"ES0095"}},
		{"single replica", "sts.yaml", statefulSet("1", "--name=etcd-0", "--initial-cluster=etcd-0=http://etcd-0.etcd:2380", "--initial-cluster-state=new"), nil},
		{"state decided at start", "sts.yaml", statefulSet("3", "--name=$(POD_NAME)", three, "--initial-cluster-state=$(STATE)", "--initial-cluster-token=prod-a"), nil},
		{"statefulset existing", "sts.yaml", statefulSet("3", "--name=$(POD_NAME)", three, "--initial-cluster-state=existing"), nil},
		{"discovery", "sts.yaml", statefulSet("3", "--name=$(POD_NAME)", "--discovery-endpoints=http://disc:2379", "--discovery-token=t", "--initial-cluster-state=new"), nil},
		{"unit on one host", "etcd.service", "[Service]\nExecStart=/usr/bin/etcd --name=etcd-0 --initial-advertise-peer-urls=http://etcd-0.etcd:2380 " + three + " --initial-cluster-state=new --initial-cluster-token=prod-a\n", nil},
		{"default token", "etcd.service", "[Service]\nExecStart=/usr/bin/etcd --name=etcd-0 --initial-advertise-peer-urls=http://etcd-0.etcd:2380 " + three + "\n", []string{"ES0097"}},
		{"default token explicit", "etcd.env", "ETCD_NAME=etcd-0\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://etcd-0.etcd:2380\nETCD_INITIAL_CLUSTER=" + strings.TrimPrefix(three, "--initial-cluster=") + "\nETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster\n", []string{"ES0097"}},
		{"default token, existing", "etcd.env", "ETCD_NAME=etcd-0\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://etcd-0.etcd:2380\nETCD_INITIAL_CLUSTER=" + strings.TrimPrefix(three, "--initial-cluster=") + "\nETCD_INITIAL_CLUSTER_STATE=existing\n", nil},
		{"single member default token", "etcd.env", "ETCD_NAME=a\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://a:2380\nETCD_INITIAL_CLUSTER=a=http://a:2380\n", nil},
		{"no name set", "etcd.env", "ETCD_INITIAL_CLUSTER=a=http://a:2380\n", []string{"ES0096"}},
		{"default name listed", "etcd.env", "ETCD_INITIAL_CLUSTER=default=http://localhost:2380\n", nil},
		{"name from the pod", "etcd.env", "ETCD_NAME=${HOSTNAME}\nETCD_INITIAL_CLUSTER=a=http://a:2380\n", nil},
		{"duplicate url", "etcd.env", "ETCD_NAME=a\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://a:2380\nETCD_INITIAL_CLUSTER=a=http://a:2380,b=http://a:2380\nETCD_INITIAL_CLUSTER_TOKEN=t\n", []string{"ES0098"}},
		{"repeated name", "etcd.env", "ETCD_NAME=a\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://a:2380\nETCD_INITIAL_CLUSTER=a=http://a:2380,b=http://b:2380,b=http://c:2380\nETCD_INITIAL_CLUSTER_TOKEN=t\n", []string{"ES0099"}},
		{"member with two peer URLs", "etcd.env", "ETCD_NAME=a\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://10.0.0.1:2380,http://10.1.0.1:2380\nETCD_INITIAL_CLUSTER=a=http://10.0.0.1:2380,a=http://10.1.0.1:2380,b=http://10.0.0.2:2380\nETCD_INITIAL_CLUSTER_TOKEN=t\n", nil},
		{"every member two URLs", "etcd.env", "ETCD_NAME=a\nETCD_INITIAL_ADVERTISE_PEER_URLS=http://10.0.0.1:2380,http://10.1.0.1:2380\nETCD_INITIAL_CLUSTER=a=http://10.0.0.1:2380,a=http://10.1.0.1:2380,b=http://10.0.0.2:2380,b=http://10.1.0.2:2380\nETCD_INITIAL_CLUSTER_TOKEN=t\n", nil},
		{"bitnami chart", "sts.yaml", bitnamiSTS, nil},
		{"config file", "etcd.conf.yml", "name: c\ninitial-cluster: a=http://a:2380,b=http://b:2380\ninitial-cluster-state: existing\n", []string{"ES0096"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := runFiles(t, map[string]string{tc.file: tc.content}, []string{tc.file}, "3.5", "3.6", nil)
			var got []string
			for _, f := range res.Report.Findings {
				if slices.Contains(bootstrapRules, f.Rule) {
					got = append(got, f.Rule)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("bootstrap findings %v, want %v\n%+v", got, tc.want, res.Report.Findings)
			}
		})
	}
}
