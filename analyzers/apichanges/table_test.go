package apichanges_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/apichanges"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

// TestEveryEntryReported writes, for every release pair of the generated
// API table, a stub of each changed package as it was at the older
// release and a package using every entry, and checks (with // want) that
// the analyzer reports each use: entries other analyzers cover, and
// changes that cannot break a use, are the only ones left out.
func TestEveryEntryReported(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := etcdpath.NewTable(cat.Imports())
	if err != nil {
		t.Fatal(err)
	}
	type pair struct{ prev, since rules.Version }
	byPair := map[pair]map[string][]rules.APIChange{}
	var pairs []pair
	checked := 0
	for _, c := range cat.APIChanges() {
		if analyzers.HandledElsewhere(c, func(string) bool { return false }) || !apichanges.Breaks(c) {
			continue
		}
		k := pair{c.Prev, c.Since}
		if byPair[k] == nil {
			byPair[k] = map[string][]rules.APIChange{}
			pairs = append(pairs, k)
		}
		byPair[k][c.Package] = append(byPair[k][c.Package], c)
		checked++
	}
	if checked < 500 {
		t.Fatalf("only %d table entries to check: is the table empty?", checked)
	}
	for _, k := range pairs {
		t.Run(k.prev.String()+"-"+k.since.String(), func(t *testing.T) {
			dir := t.TempDir()
			var canons []string
			for c := range byPair[k] {
				canons = append(canons, c)
			}
			slices.Sort(canons)
			var use strings.Builder
			use.WriteString("package use\n\nimport (\n")
			for i, canon := range canons {
				path := etcdpath.Root + canon
				if got, ok := paths.Canonical(path); !ok || got != canon {
					t.Fatalf("%s: canonical name %q, want %q", path, got, canon)
				}
				fmt.Fprintf(&use, "\tp%d %q\n", i, path)
			}
			use.WriteString(")\n")
			for i, canon := range canons {
				stub := writeStub(t, byPair[k][canon], fmt.Sprintf("p%d", i), &use)
				write(t, filepath.Join(dir, "src", etcdpath.Root+canon, "stub.go"), "package "+pkgName(canon)+"\n\n"+stub)
			}
			write(t, filepath.Join(dir, "src", "use", "use.go"), use.String())
			a := testutil.Analyzer(t, "apichanges", analyzers.Config{From: k.prev.String(), Target: k.since.String()})
			analysistest.Run(t, dir, a, "use")
		})
	}
	t.Logf("%d table entries checked on generated uses", checked)
}

func pkgName(canon string) string {
	el := strings.Split(canon, "/")
	n := el[len(el)-1]
	if regexp.MustCompile(`^v\d+$`).MatchString(n) && len(el) > 1 {
		n = el[len(el)-2]
	}
	return strings.NewReplacer("-", "", ".", "").Replace(n)
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeStub returns the stub of one package's entries and appends the
// uses, each with its // want, to use (q is the package's import name).
func writeStub(t *testing.T, cs []rules.APIChange, q string, use *strings.Builder) string {
	var stub strings.Builder
	types := map[string]bool{}  // member types
	ifaces := map[string]bool{} // member types that are interfaces
	var typeOrder []string
	for _, c := range cs {
		if c.Type == "" {
			continue
		}
		if !types[c.Type] {
			types[c.Type] = true
			typeOrder = append(typeOrder, c.Type)
		}
		if c.Kind == "imethod" || c.Change == rules.APIGained {
			ifaces[c.Type] = true
		}
	}
	want := func(c rules.APIChange) string {
		return fmt.Sprintf(" // want `%s`\n", regexp.QuoteMeta(c.Member()))
	}
	for _, c := range cs {
		if c.Type != "" {
			continue
		}
		switch c.Kind {
		case "func":
			fmt.Fprintf(&stub, "func %s() {}\n", c.Name)
			// A call: a function value of inferred type still compiles
			// when only the signature changes.
			fmt.Fprintf(use, "func _() { %s.%s() }%s", q, c.Name, want(c))
		case "var":
			fmt.Fprintf(&stub, "var %s int\n", c.Name)
			fmt.Fprintf(use, "var _ = %s.%s%s", q, c.Name, want(c))
		case "const":
			fmt.Fprintf(&stub, "const %s = 1\n", c.Name)
			fmt.Fprintf(use, "var _ = %s.%s%s", q, c.Name, want(c))
		case "type", "alias":
			if !types[c.Name] { // else declared with its members below
				fmt.Fprintf(&stub, "type %s struct{}\n", c.Name)
			}
			fmt.Fprintf(use, "var _ %s.%s%s", q, c.Name, want(c))
		default:
			t.Fatalf("%s: unknown kind %q of %s", c.Package, c.Kind, c.Name)
		}
	}
	for _, typ := range typeOrder {
		var members []rules.APIChange
		for _, c := range cs {
			if c.Type == typ {
				members = append(members, c)
			}
		}
		impl := "impl" + q + typ
		if ifaces[typ] {
			fmt.Fprintf(&stub, "type %s interface {\n", typ)
			for _, c := range members {
				if c.Change != rules.APIGained {
					fmt.Fprintf(&stub, "\t%s()\n", c.Name)
				}
			}
			stub.WriteString("}\n")
			fmt.Fprintf(use, "type %s struct{}\n", impl)
			var gained []string
			for _, c := range members {
				if c.Change == rules.APIGained {
					gained = append(gained, c.Name)
					continue
				}
				fmt.Fprintf(use, "func (%s) %s() {}\n", impl, c.Name)
				fmt.Fprintf(use, "func _(x %s.%s) { x.%s() }%s", q, typ, c.Name, want(c))
			}
			if len(gained) > 0 {
				fmt.Fprintf(use, "var _ %s.%s = %s{} // want `%s no longer implements`\n", q, typ, impl, impl)
			}
			continue
		}
		fmt.Fprintf(&stub, "type %s struct {\n", typ)
		for _, c := range members {
			if c.Kind == "field" {
				fmt.Fprintf(&stub, "\t%s int\n", c.Name)
			}
		}
		stub.WriteString("}\n")
		for _, c := range members {
			switch {
			case c.Kind == "field":
				fmt.Fprintf(use, "func _(x *%s.%s) { _ = x.%s }%s", q, typ, c.Name, want(c))
			case c.Change == rules.APIReceiver:
				fmt.Fprintf(&stub, "func (%s) %s() {}\n", typ, c.Name)
				fmt.Fprintf(use, "func _() { %s.%s{}.%s() }%s", q, typ, c.Name, want(c))
			case c.Kind == "method":
				fmt.Fprintf(&stub, "func (*%s) %s() {}\n", typ, c.Name)
				fmt.Fprintf(use, "func _(x *%s.%s) { x.%s() }%s", q, typ, c.Name, want(c))
			default:
				t.Fatalf("%s: unknown member kind %q of %s", c.Package, c.Kind, c.Member())
			}
		}
	}
	return stub.String()
}
