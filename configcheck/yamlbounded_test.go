package configcheck

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/rules"
)

func testTable(t *testing.T) *flagTable {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := newFlagTable(cat)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// bigConfig is a config file over chunkedMin: known keys, then many
// unknown ones (some null, some with block values, duplicates of early
// and of elided keys, comments at the start of lines), with known keys
// and a nested section among them far past the listing cap.
func bigConfig() string {
	var sb strings.Builder
	sb.WriteString("# etcd\nname: m0\ndata-dir: /var/lib/etcd\nearly-dup: 1\n")
	for i := range 60000 {
		switch {
		case i%997 == 0:
			fmt.Fprintf(&sb, "unknown-block-%06d:\n  - a\n  - b\n", i)
		case i%991 == 0:
			fmt.Fprintf(&sb, "unknown-null-%06d:\n", i)
		case i%4999 == 0:
			fmt.Fprintf(&sb, "# a comment\n\"quoted-%06d\": x\n", i)
		default:
			fmt.Fprintf(&sb, "unknown-key-%06d: %d\n", i, i)
		}
		switch i {
		case 30000:
			sb.WriteString("client-transport-security:\n  cert-file: /c.pem\n  key-file: /k.pem\n")
		case 40000:
			sb.WriteString("snapshot-count: lots\n")
		case 50000:
			sb.WriteString("unknown-key-045000: again\nearly-dup: 2\n")
		}
	}
	sb.WriteString("enable-v2: true\n")
	return sb.String()
}

// sameTree compares two node trees by what the checks read of them.
func sameTree(t *testing.T, path string, a, b *yaml.Node) {
	t.Helper()
	if a.Kind != b.Kind || a.Value != b.Value || a.Tag != b.Tag || a.Line != b.Line || a.Column != b.Column || a.Style != b.Style || a.Anchor != b.Anchor {
		t.Fatalf("%s: %+v != %+v", path, *a, *b)
	}
	if len(a.Content) != len(b.Content) {
		t.Fatalf("%s: %d children != %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		sameTree(t, fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i])
	}
}

// TestParseChunkedSameTree checks that the chunked parse of a large file
// gives the tree, the elided keys and the dropped lines that the whole
// parse followed by elideUnknown gives.
func TestParseChunkedSameTree(t *testing.T) {
	tb := testTable(t)
	data := []byte(bigConfig())
	if len(data) < chunkedMin {
		t.Fatalf("the file is %d bytes, under chunkedMin", len(data))
	}
	docs, e, err := tb.parseYAMLBounded(data)
	if err != nil || e == nil || len(docs) != 1 {
		t.Fatalf("not parsed in chunks: %v, elider %v, %d docs", err, e, len(docs))
	}
	whole, err := parseYAMLDocs(data)
	if err != nil {
		t.Fatal(err)
	}
	we := tb.elideUnknown(docRoot(whole[0]))
	sameTree(t, "root", docRoot(whole[0]), docRoot(docs[0]))
	if !slices.Equal(we.keys, e.keys) {
		t.Errorf("elided keys differ: %d whole, %d chunked", len(we.keys), len(e.keys))
	}
	if !maps.Equal(we.drop, e.drop) {
		t.Errorf("dropped lines differ: %d whole, %d chunked", len(we.drop), len(e.drop))
	}
	if n := len(docRoot(docs[0]).Content) / 2; n > 2*maxListedUnknown {
		t.Errorf("%d entries kept of %d", n, strings.Count(string(data), "\n"))
	}
	if len(e.keys) < 50000 {
		t.Errorf("only %d keys elided", len(e.keys))
	}
}

// TestParseChunkedFallsBack checks that files the chunks cannot read
// alone are parsed whole, with the whole parse's tree or error.
func TestParseChunkedFallsBack(t *testing.T) {
	tb := testTable(t)
	big := bigConfig()
	// A double-quoted value whose second line starts the second chunk:
	// the first chunk ends inside the quotes.
	var straddle strings.Builder
	for straddle.Len()+22 <= chunkBytes {
		fmt.Fprintf(&straddle, "unknown-key-%06d: 1\n", straddle.Len())
	}
	straddle.WriteString("q: \"one" + strings.Repeat("a", 40) + "\ntwo: 2\"\n" + big)
	for name, data := range map[string]string{
		"alias to an anchor in another chunk": "anchored: &a 1\n" + big + "late: *a\n",
		"two documents":                       big + "---\nx: 1\n",
		"bare carriage return":                "a: 1\rb: 2\n" + big,
		"syntax error at the end":             big + "bad: [1\n",
		"not a mapping":                       strings.Repeat("- item\n", chunkedMin/7+1),
		"a quoted value across chunks":        straddle.String(),
	} {
		t.Run(name, func(t *testing.T) {
			docs, e, err := tb.parseYAMLBounded([]byte(data))
			if e != nil {
				t.Fatalf("parsed in chunks")
			}
			whole, werr := parseYAMLDocs([]byte(data))
			if fmt.Sprint(err) != fmt.Sprint(werr) || len(docs) != len(whole) {
				t.Fatalf("error %v, %d docs; the whole parse gives %v, %d docs", err, len(docs), werr, len(whole))
			}
		})
	}
}

// TestBigConfigChecked runs the checks on the large file: what lies past
// the elided keys is still reported where it is.
func TestBigConfigChecked(t *testing.T) {
	data := bigConfig()
	all, lineOf := runBigFile(t, data)
	for _, want := range []string{
		fmt.Sprintf("problem %d duplicate key early-dup (first on line 4)", lineOf("early-dup: 2")),
		fmt.Sprintf("problem %d duplicate key unknown-key-045000 (first on line %d)", lineOf("unknown-key-045000: again"), lineOf("unknown-key-045000: 45000")),
		fmt.Sprintf("ES0003 %d ", lineOf("snapshot-count: lots")),
		fmt.Sprintf(" %d config key enable-v2", lineOf("enable-v2: true")),
		"more than 1000 names are not known",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, lastLines(all, 30))
		}
	}
}

// runBigFile checks data as one config file (3.5 to 3.7.3) and returns
// its findings and problems, one per line as "RULE LINE MESSAGE" or
// "problem LINE MESSAGE", and a function giving the line of a text in data.
func runBigFile(t *testing.T, data string) (string, func(string) int) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "etcd.conf.yml")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Paths: []string{p}, From: "3.5", Target: "3.7.3", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s string) int {
		i := strings.Index(data, s)
		if i < 0 {
			t.Fatalf("%q not in the file", s)
		}
		return strings.Count(data[:i], "\n") + 1
	}
	var got []string
	for _, f := range res.Report.Findings {
		got = append(got, fmt.Sprintf("%s %d %s", f.Rule, f.Location.Line, f.Message))
	}
	for _, pr := range res.Report.Problems {
		got = append(got, fmt.Sprintf("problem %d %s", pr.Line, pr.Message))
	}
	all := strings.Join(got, "\n")
	return all, lineOf
}

func lastLines(s string, n int) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

// TestElidedShapesDecoded checks the other shapes of many unknown keys:
// in a settings section and in a flow mapping. What etcd's decoder
// rejects past the elided keys is still reported, and a file it accepts
// gives no decode finding.
func TestElidedShapesDecoded(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	nested := func(last string) string {
		var sb strings.Builder
		sb.WriteString("name: m0\nclient-transport-security:\n")
		for i := range 3000 {
			fmt.Fprintf(&sb, "  u%05d: 1\n", i)
		}
		sb.WriteString("  u02500: 2\n  client-cert-auth: " + last + "\n")
		return sb.String()
	}
	flow := func(last string) string {
		var sb strings.Builder
		sb.WriteString("{name: m0")
		for i := range 3000 {
			fmt.Fprintf(&sb, ", u%05d: 1", i)
		}
		sb.WriteString(", snapshot-count: " + last + "}\n")
		return sb.String()
	}
	for _, tc := range []struct {
		name, data string
		want       []string // "" for none: then no ES0003 either
	}{
		{"section, bad value", nested("maybe"), []string{"ES0003 3004 ", "problem 3003 duplicate key client-transport-security.u02500 (first on line 2503)"}},
		{"section, good value", nested("true"), nil},
		{"flow mapping, bad value", flow("lots"), []string{"ES0003 1 "}},
		{"flow mapping, good value", flow("5"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "etcd.conf.yml")
			if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), Options{Paths: []string{p}, From: "3.5", Target: "3.7.3", Catalog: cat})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Report.Findings {
				got = append(got, fmt.Sprintf("%s %d %s", f.Rule, f.Location.Line, f.Message))
			}
			for _, pr := range res.Report.Problems {
				got = append(got, fmt.Sprintf("problem %d %s", pr.Line, pr.Message))
			}
			all := strings.Join(got, "\n")
			if !strings.Contains(all, "more than 1000 names are not known") {
				t.Errorf("no note for the unknown names past the cap:\n%s", lastLines(all, 20))
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in:\n%s", w, lastLines(all, 20))
				}
			}
			if tc.want == nil && strings.Contains(all, "ES0003") {
				t.Errorf("a decode finding for a file etcd decodes:\n%s", lastLines(all, 20))
			}
		})
	}
}

// bigSectionConfig is a config file over chunkedMin made mostly of one
// settings section of unknown keys (some null, some with block values,
// duplicates, comments in the first column), with a small block section, a flow section and top-level keys after it, and known keys
// in the big section far past the listing cap.
func bigSectionConfig() string {
	var sb strings.Builder
	sb.WriteString("name: m0\nclient-transport-security:\n")
	for i := range 70000 {
		switch {
		case i%997 == 0:
			fmt.Fprintf(&sb, "  u-block-%06d:\n    - a\n    - b\n", i)
		case i%991 == 0:
			fmt.Fprintf(&sb, "  u-null-%06d:\n", i)
		case i%4999 == 0:
			fmt.Fprintf(&sb, "# a comment\n  \"quoted-%06d\": x\n\n", i)
		default:
			fmt.Fprintf(&sb, "  u-key-%06d: %d\n", i, i)
		}
		switch i {
		case 40000:
			sb.WriteString("  cert-file: /c.pem\n  client-cert-auth: maybe\n")
		case 50000:
			sb.WriteString("  u-key-045000: again\n")
		}
	}
	sb.WriteString("  key-file: /k.pem\npeer-transport-security:\n  p-unknown: 1\n  cert-file: /p.pem\nsocket-options: {reuse-port: true, s-unknown: 1}\nenable-v2: true\n")
	return sb.String()
}

// sectionKeysByName returns the keys taken out of each section of root,
// by the section's name.
func sectionKeysByName(e *elider, root *yaml.Node) map[string][]elidedKey {
	out := map[string][]elidedKey{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if ks, ok := e.sectionKeys[root.Content[i+1]]; ok {
			out[root.Content[i].Value] = ks
		}
	}
	return out
}

// TestParseChunkedSectionSameTree checks that the chunked parse of a
// file made of one large settings section gives the tree, the keys
// taken out and the dropped lines that the whole parse followed by
// elideUnknown and nested gives.
func TestParseChunkedSectionSameTree(t *testing.T) {
	tb := testTable(t)
	data := []byte(bigSectionConfig())
	if len(data) < chunkedMin {
		t.Fatalf("the file is %d bytes, under chunkedMin", len(data))
	}
	docs, e, err := tb.parseYAMLBounded(data)
	if err != nil || e == nil || len(docs) != 1 {
		t.Fatalf("not parsed in chunks: %v, elider %v, %d docs", err, e, len(docs))
	}
	at := strings.Index(string(data), "client-transport-security:")
	if _, _, end, ok := tb.parseSection(data, at, 1, newElider(tb)); !ok || end < chunkedMin {
		t.Fatalf("the section is not read in chunks: ok %v, ends at %d", ok, end)
	}
	root := docRoot(docs[0])
	sec := len(root.Content[3].Content) / 2
	e.nested(root) // a no-op after the chunked parse
	whole, err := parseYAMLDocs(data)
	if err != nil {
		t.Fatal(err)
	}
	wroot := docRoot(whole[0])
	we := tb.elideUnknown(wroot)
	we.nested(wroot)
	sameTree(t, "root", wroot, root)
	if !maps.EqualFunc(sectionKeysByName(we, wroot), sectionKeysByName(e, root), slices.Equal) {
		t.Errorf("keys taken out of the sections differ")
	}
	if !maps.Equal(we.drop, e.drop) {
		t.Errorf("dropped lines differ: %d whole, %d chunked", len(we.drop), len(e.drop))
	}
	if we.flow != e.flow || !e.flow {
		t.Errorf("flow: %v whole, %v chunked", we.flow, e.flow)
	}
	if sec > 2*maxListedUnknown || sec != len(root.Content[3].Content)/2 {
		t.Errorf("%d entries kept in the section, %d after nested", sec, len(root.Content[3].Content)/2)
	}
	if n := len(e.sectionKeys[root.Content[3]]); n < 60000 {
		t.Errorf("only %d keys taken out of the section", n)
	}
}

// TestParseChunkedSectionFallsBack checks that a large section the
// chunks cannot read alone is parsed whole.
func TestParseChunkedSectionFallsBack(t *testing.T) {
	tb := testTable(t)
	var straddle strings.Builder
	straddle.WriteString("client-transport-security:\n")
	for straddle.Len()+24 <= chunkBytes {
		fmt.Fprintf(&straddle, "  unknown-key-%06d: 1\n", straddle.Len())
	}
	straddle.WriteString("  q: \"one" + strings.Repeat("a", 40) + "\n  two: 2\"\n")
	body := bigSectionConfig()
	for name, data := range map[string]string{
		"a quoted value across chunks": straddle.String() + body,
		"alias to an anchor in another chunk": strings.Replace(body, "u-key-000001: 1", "u-key-000001: &a 1", 1) +
			"late: *a\n",
		"an entry indented less": strings.Replace(body, "  u-key-000003: 3\n", " u-key-000003: 3\n", 1),
		"a sequence":             "client-transport-security:\n" + strings.Repeat("  - item\n", chunkedMin/9+1),
	} {
		t.Run(name, func(t *testing.T) {
			docs, e, err := tb.parseYAMLBounded([]byte(data))
			if e != nil {
				t.Fatalf("parsed in chunks")
			}
			whole, werr := parseYAMLDocs([]byte(data))
			if fmt.Sprint(err) != fmt.Sprint(werr) || len(docs) != len(whole) {
				t.Fatalf("error %v, %d docs; the whole parse gives %v, %d docs", err, len(docs), werr, len(whole))
			}
		})
	}
}

// TestBigSectionChecked runs the checks on the large section and the
// large flow mapping: what lies past the keys taken out is still
// reported where it is.
func TestBigSectionChecked(t *testing.T) {
	t.Run("section", func(t *testing.T) {
		checkBig(t, bigSectionConfig(), "client-transport-security.", "client-cert-auth: maybe")
	})
	t.Run("flow mapping", func(t *testing.T) {
		checkBig(t, bigFlowConfig(), "", "snapshot-count: lots")
	})
}

// checkBig runs the checks on data and looks for the duplicate of
// u-key-045000 (under prefix), the decode finding for the line of bad
// and the finding for enable-v2 at the end.
func checkBig(t *testing.T, data, prefix, bad string) {
	t.Helper()
	all, lineOf := runBigFile(t, data)
	for _, want := range []string{
		fmt.Sprintf("problem %d duplicate key %su-key-045000 (first on line %d)", lineOf("u-key-045000: again"), prefix, lineOf("u-key-045000: 45000")),
		fmt.Sprintf("ES0003 %d ", lineOf(bad)),
		fmt.Sprintf(" %d config key enable-v2", lineOf("enable-v2: true")),
		"more than 1000 names are not known",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, lastLines(all, 30))
		}
	}
}

// bigFlowConfig is a config file over chunkedMin that is one flow
// mapping of unknown keys (some null, some with flow values, quoted
// with commas and quotes in them, duplicates), with known keys and a
// settings section far past the listing cap.
func bigFlowConfig() string {
	var sb strings.Builder
	sb.WriteString("# etcd\n{name: m0, data-dir: /var/lib/etcd,\n")
	for i := range 70000 {
		switch {
		case i%997 == 0:
			fmt.Fprintf(&sb, "  u-list-%06d: [a, {b: c}],\n", i)
		case i%991 == 0:
			fmt.Fprintf(&sb, "  u-null-%06d, ", i)
		case i%4999 == 0:
			fmt.Fprintf(&sb, "  \"quoted, %06d \\\" }\": 'it''s, x',\n", i)
		case i%3 == 0:
			fmt.Fprintf(&sb, "  u-key-%06d: %d,\n", i, i)
		default:
			fmt.Fprintf(&sb, "u-key-%06d: %d, ", i, i)
		}
		switch i {
		case 40000:
			sb.WriteString("  client-transport-security: {cert-file: /c.pem, x-unknown: 1},\n  snapshot-count: lots,\n")
		case 50000:
			sb.WriteString("  u-key-045000: again,\n")
		}
	}
	sb.WriteString("  enable-v2: true\n}\n")
	return sb.String()
}

// TestParseChunkedFlowSameTree checks that the chunked parse of a file
// that is one large flow mapping gives the tree, the keys taken out and
// the dropped lines that the whole parse followed by elideUnknown and
// nested gives.
func TestParseChunkedFlowSameTree(t *testing.T) {
	tb := testTable(t)
	// known is made of known keys, which are all kept, two to a line:
	// the columns of what follows a cut are compared too.
	var kb strings.Builder
	kb.WriteString("{")
	for i := 0; kb.Len() <= chunkedMin; i++ {
		fmt.Fprintf(&kb, "name: m%d, data-dir: /d%d,%s", i, i, strings.Repeat("\n", i%2))
	}
	kb.WriteString("enable-v2: true}\n")
	known := kb.String()
	for name, text := range map[string]string{"unknown keys": bigFlowConfig(), "known keys": known} {
		t.Run(name, func(t *testing.T) {
			data := []byte(text)
			if len(data) < chunkedMin {
				t.Fatalf("the file is %d bytes, under chunkedMin", len(data))
			}
			_, cuts, ok := flowCuts(data)
			if !ok || len(cuts) < 10 {
				t.Fatalf("not cut: %v, %d cuts", ok, len(cuts))
			}
			if !slices.ContainsFunc(cuts, func(c int) bool { return data[c+1] != '\n' }) {
				t.Fatalf("every cut ends a line: the columns after a cut are not checked")
			}
			docs, e, err := tb.parseYAMLBounded(data)
			if err != nil || e == nil || len(docs) != 1 {
				t.Fatalf("not parsed in chunks: %v, elider %v, %d docs", err, e, len(docs))
			}
			root := docRoot(docs[0])
			whole, err := parseYAMLDocs(data)
			if err != nil {
				t.Fatal(err)
			}
			wroot := docRoot(whole[0])
			we := tb.elideUnknown(wroot)
			we.nested(wroot)
			sameTree(t, "root", wroot, root)
			if !slices.Equal(we.keys, e.keys) {
				t.Errorf("elided keys differ: %d whole, %d chunked", len(we.keys), len(e.keys))
			}
			if !maps.EqualFunc(sectionKeysByName(we, wroot), sectionKeysByName(e, root), slices.Equal) {
				t.Errorf("keys taken out of the sections differ")
			}
			if !maps.Equal(we.drop, e.drop) || we.flow != e.flow {
				t.Errorf("dropped lines differ: %d whole, %d chunked; flow %v, %v", len(we.drop), len(e.drop), we.flow, e.flow)
			}
			if n := len(root.Content) / 2; name == "unknown keys" && (n > 2*maxListedUnknown || len(e.keys) < 60000 || !e.flow) {
				t.Errorf("%d entries kept, %d taken out, flow %v", n, len(e.keys), e.flow)
			}
		})
	}
}

// TestParseChunkedFlowFallsBack checks that flow mappings whose commas
// cannot be told for sure, or whose chunks do not parse alone, are
// parsed whole, with the whole parse's tree or error.
func TestParseChunkedFlowFallsBack(t *testing.T) {
	tb := testTable(t)
	big := bigFlowConfig()
	for name, data := range map[string]string{
		"a comment":                           strings.Replace(big, "u-key-000001: 1,", "u-key-000001: 1, # a, b\n", 1),
		"a quote in a plain scalar":           strings.Replace(big, "u-key-000001: 1,", "u-key-000001: it's, x: 'a,", 1),
		"alias to an anchor in another chunk": strings.Replace(big, "u-key-000001: 1,", "u-key-000001: &a 1,", 1) + "late: *a\n",
		"something after the mapping":         big + "x: 1\n",
		"unclosed":                            strings.TrimSuffix(big, "}\n"),
		"a sequence":                          "[" + strings.Repeat("item, ", chunkedMin/6+1) + "x]\n",
	} {
		t.Run(name, func(t *testing.T) {
			docs, e, err := tb.parseYAMLBounded([]byte(data))
			if e != nil {
				t.Fatalf("parsed in chunks")
			}
			whole, werr := parseYAMLDocs([]byte(data))
			if fmt.Sprint(err) != fmt.Sprint(werr) || len(docs) != len(whole) {
				t.Fatalf("error %v, %d docs; the whole parse gives %v, %d docs", err, len(docs), werr, len(whole))
			}
		})
	}
}
