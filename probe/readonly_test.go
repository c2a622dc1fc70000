package probe_test

import (
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
)

// TestReadOnlyUser probes with a user whose only role reads every key, on
// a patch (3.5.31) where Status needs an admin user:
// the member is probed, so the report must not say it was not, and must
// say what could not be read and that permission was denied.
func TestReadOnlyUser(t *testing.T) {
	oldBinaries(t)
	procs := startProcs(t, []string{etcdtest.Binary(t, admin35, admin35Replace...)})
	ep := procs[0].ClientURL
	cl := client(t, []string{ep}, "", "")
	ctx := etcdtest.Context(t, time.Minute)
	for _, step := range []func() error{
		func() error { _, err := cl.UserAdd(ctx, "root", "rootpw"); return err },
		func() error { _, err := cl.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := cl.RoleAdd(ctx, "reader"); return err },
		func() error {
			_, err := cl.RoleGrantPermission(ctx, "reader", "\x00", "", clientv3.PermissionType(clientv3.PermRead))
			return err
		},
		func() error { _, err := cl.UserAdd(ctx, "bob", "bobpw"); return err },
		func() error { _, err := cl.UserGrantRole(ctx, "bob", "reader"); return err },
		func() error { _, err := cl.AuthEnable(ctx); return err },
	} {
		if err := step(); err != nil {
			t.Fatalf("setting up auth: %v", err)
		}
	}
	rep := run(t, probe.Options{Endpoints: []string{ep}, User: "bob", Password: "bobpw", Target: "3.6"})
	t.Logf("%s", dump(rep))
	denied := false
	for _, p := range rep.Problems {
		if strings.Contains(p.Message, "was not probed") {
			t.Errorf("spurious problem for a member that was probed: %s", p.Message)
		}
		if strings.Contains(p.Message, "permission denied on Status") {
			denied = true
		}
	}
	if !denied {
		t.Errorf("no problem names what the read-only user could not read:\n%s", dump(rep))
	}
	if fact(rep, ep, "server_version") == "" {
		t.Errorf("the member was not read at all:\n%s", dump(rep))
	}
}
