package codecheck_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/report"
)

// realModsDir holds client modules written against real old etcd releases
// from the module proxy; each go.mod pins the dependency revisions that
// etcd release vendored, so the old client still compiles (see its README).
const realModsDir = "../../testdata/realmods"

// A realMod is one module of realModsDir and what `etcdlint code` must
// report on it.
type realMod struct {
	name   string // directory under realModsDir
	target string
	// from is the version inferred (from go.mod) and its source.
	from, fromSource string
	// want is every finding, "file:line RULE", in report order.
	want []string
	// After --fix, the packages in build are built against the
	// dependency pins of the module pinsFor: they use only APIs whose
	// fixes are complete.
	pinsFor string
	build   []string
}

var realMods = []realMod{
	{
		name:   "etcd31",
		target: "3.2.13",
		from:   "3.1.20", fromSource: "go.mod",
		want: []string{
			"go.mod:18 EC3206",         // grpc moves to v1.7.5 with 3.2.12: once, at the require line
			"main.go:19 EC3201",        // SetLogger(log.New(...))
			"main.go:25 EC3202",        // err == grpc.ErrClientConnTimeout
			"store/config.go:7 EC3205", // NewFromConfigFile
			"store/store.go:24 EC3203", // NewKVFromKVClient without *Client
			"store/store.go:49 EC3204", // TimeToLive error == ErrLeaseNotFound
		},
		pinsFor: "etcd3213",
		build:   []string{"./..."},
	},
	{
		name:   "etcd3213",
		target: "3.4.25",
		from:   "3.2.13", fromSource: "go.mod",
		want: []string{
			"logging/logging.go:7 EC3401",  // github.com/coreos/etcd import path
			"logging/logging.go:12 EC3301", // clientv3.Logger becomes an interface
			"main.go:11 EC3401",
			"main.go:12 EC3401",
			"main.go:17 EC3404", // clientv3.New no longer blocks
			"main.go:30 EC3403", // err == grpc.ErrClientConnClosing
		},
		pinsFor: "etcd34",
		build:   []string{"."},
	},
	{
		name:   "etcd34",
		target: "3.5.35",
		from:   "3.4.0", fromSource: "go.mod",
		want: []string{
			"go.mod:3 EC3511",   // the go directive 3.5 modules need: once, at the go line
			"main.go:12 EC3501", // go.etcd.io/etcd/clientv3 -> client/v3
			"main.go:13 EC3501",
			"main.go:14 EC3501",
			"main.go:15 EC3501",
			"registry/registry.go:8 EC3501",
			"registry/registry.go:9 EC3501",
			"registry/registry.go:10 EC3504", // google.golang.org/grpc/naming: gone from the grpc 3.5 requires
			"registry/registry.go:15 EC3503", // clientv3.GetLogger removed
			"registry/registry.go:16 EC3504", // naming.GRPCResolver removed
		},
		pinsFor: "etcd35",
		build:   []string{"."},
	},
	{
		name:   "etcd35",
		target: "3.7.3",
		from:   "3.5.35", fromSource: "go.mod",
		want: []string{
			"backup/backup.go:14 EC3605", // snapshot.Save renamed SaveWithVersion
			"fake/fake.go:14 EC3708",     // KV gains GetStream: the fake no longer implements it
			"fake/fake.go:19 EC3720",     // var _ clientv3.KV = (*KV)(nil): KV gains GetStream
			"fake/fake.go:67 EC3703",     // pb.Compare(clientv3.Cmp) conversion
			"main.go:22 EC3701",          // grpc.WithBlock ignored
			"main.go:31 EC3606",          // ErrGPRCNotSupportedForLearner renamed
			"main.go:37 EC3706",          // mvccpb.PUT renamed Event_PUT
		},
		pinsFor: "etcd37pins",
		build:   []string{"."},
	},
}

// TestRealModules runs `etcdlint code` on real old etcd clients, checks
// the exact findings and the fixes (against a golden diff), then applies
// the fixes and builds the fixed code against the target release's
// dependency pins (where the unfixed code does not build).
func TestRealModules(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	for _, m := range realMods {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(realModsDir, m.name)
			dir := copyTree(t, src)
			res := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Diff: true})
			rep := res.Report
			if len(rep.Problems) != 0 {
				t.Errorf("problems: %q", problemKeys(rep))
			}
			if got := findingKeys(rep); !slices.Equal(got, m.want) {
				t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(m.want, "\n\t"))
			}
			if rep.From != m.from || rep.FromSource != m.fromSource {
				t.Errorf("from %q (%s), want %q (%s)", rep.From, rep.FromSource, m.from, m.fromSource)
			}
			checkFindingShape(t, rep)
			checkGolden(t, filepath.Join(realModsDir, m.name+".diff"), res.Diff)

			if m.pinsFor == "" {
				return
			}
			fixed := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Fix: true})
			if len(fixed.Report.Problems) != 0 {
				t.Fatalf("--fix problems: %q", problemKeys(fixed.Report))
			}
			if again := run(t, codecheck.Options{Dir: dir, Target: m.target, Catalog: cat, Diff: true}); again.Diff != "" {
				t.Errorf("fixes left after --fix:\n%s", again.Diff)
			}
			setPins(t, dir, filepath.Join(realModsDir, m.pinsFor))
			args := append([]string{"build", "-o", "/dev/null"}, m.build...)
			if out, err := goCmd(t, dir, args...); err != nil {
				t.Fatalf("fixed code does not build against the %s pins: %v\n%s", m.pinsFor, err, out)
			}
			// The check means something: unfixed, the code does not build.
			orig := copyTree(t, src)
			setPins(t, orig, filepath.Join(realModsDir, m.pinsFor))
			if out, err := goCmd(t, orig, args...); err == nil {
				t.Errorf("the unfixed code builds against the %s pins too:\n%s", m.pinsFor, out)
			}
		})
	}
}

// checkFindingShape checks what every code finding must carry.
func checkFindingShape(t *testing.T, rep *report.Report) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Severity == 0 || f.Source == "" || f.Detector != "code" || f.Message == "" {
			t.Errorf("%s:%d %s: incomplete finding %+v", f.Location.File, f.Location.Line, f.Rule, f)
		}
		if f.Location.Column == 0 || f.Location.EndLine < f.Location.Line || filepath.IsAbs(f.Location.File) {
			t.Errorf("%s:%d %s: bad location %+v", f.Location.File, f.Location.Line, f.Rule, f.Location)
		}
		if strings.HasSuffix(f.Message, ")") && strings.Contains(f.Message, "syntax only") {
			t.Errorf("%s:%d %s: syntax-only marker left in message %q", f.Location.File, f.Location.Line, f.Rule, f.Message)
		}
		if f.Fix == nil {
			continue
		}
		for _, e := range f.Fix.Edits {
			if e.Line == 0 || e.Column == 0 || e.EndLine < e.Line || e.End < e.Start || filepath.IsAbs(e.File) {
				t.Errorf("%s:%d %s: bad edit %+v", f.Location.File, f.Location.Line, f.Rule, e)
			}
		}
	}
	if len(rep.Inputs) == 0 {
		t.Error("no inputs")
	}
	for _, in := range rep.Inputs {
		if in.Kind != "package" || in.Detector != "code" {
			t.Errorf("bad input %+v", in)
		}
	}
}
