package configcheck

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/rules"
)

// helpFlagRE matches a flag line of cobra's --help: "  -h, --help" or
// "      --listen-addr string   ...".
var helpFlagRE = regexp.MustCompile(`^\s+(?:-[a-z], )?--([a-z0-9-]+)(?: ([a-z0-9]+))?\s`)

// TestSubcommandFlagsAgainstBinaries asks real etcd 3.4, 3.5, 3.6 and 3.7 binaries
// for the flags of grpc-proxy start and gateway start (their --help) and
// compares with the subcommand tables: names, versions and which flags
// take no value.
func TestSubcommandFlagsAgainstBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	for _, version := range []string{"3.4.25", "3.5.20", "3.6.16", "3.7.3"} {
		bin := etcdtest.Binary(t, version)
		v := rules.MustParseVersion(version)
		for sub := range subcommandFlags {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			cmd := exec.CommandContext(ctx, bin, sub, "start", "--help")
			cmd.Dir = t.TempDir()
			cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			cancel()
			if err != nil {
				t.Fatalf("etcd %s %s start --help: %v\n%s", version, sub, err, out.String())
			}
			real := map[string]bool{} // name -> takes no value
			for _, line := range strings.Split(out.String(), "\n") {
				if m := helpFlagRE.FindStringSubmatch(line); m != nil {
					real[m[1]] = m[2] == ""
				}
			}
			if len(real) < 5 {
				t.Fatalf("etcd %s %s start --help lists %d flags:\n%s", version, sub, len(real), out.String())
			}
			for name, isBool := range real {
				f, ok := lookupSubFlag(sub, name)
				switch {
				case !ok || !f.in(v):
					t.Errorf("etcd %s %s start defines --%s; the table does not", version, sub, name)
				case f.isBool != isBool:
					t.Errorf("etcd %s %s start --%s takes a value: %v; the table says %v", version, sub, name, !isBool, !f.isBool)
				}
			}
			var extra []string
			for _, f := range subcommandFlags[sub] {
				if _, ok := real[f.name]; !ok && f.in(v) {
					extra = append(extra, f.name)
				}
			}
			slices.Sort(extra)
			if len(extra) > 0 {
				t.Errorf("the table lists flags etcd %s %s start does not define: %v", version, sub, extra)
			}
			t.Logf("etcd %s %s start: %d flags, all in the table", version, sub, len(real))
		}
	}
}
