package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
)

// TestBareCarriageReturnLines: YAML reads a bare \r as a line break;
// findings must name lines that exist, counted the same way.
func TestBareCarriageReturnLines(t *testing.T) {
	data := "name: a\renable-v2: true\rexperimental-unknown-key: 1\r"
	// After the upgrade: 3.5 members still read enable-v2, so the
	// rolling fix leaves it.
	res, _ := runFiles(t, map[string]string{"etcd.conf.yml": data}, []string{"etcd.conf.yml"}, "3.5", "3.7", func(o *configcheck.Options) { o.FixAfterUpgrade = true })
	lines := strings.Count(data, "\r") + 1
	found := false
	for _, f := range res.Report.Findings {
		if f.Location.Line < 1 || f.Location.Line > lines {
			t.Errorf("finding on line %d of a %d-line file: %+v", f.Location.Line, lines, f)
		}
		if f.Rule == "ES3601" {
			found = true
			if f.Location.Line != 2 {
				t.Errorf("enable-v2 reported on line %d, want 2", f.Location.Line)
			}
			// The fix's byte range must be that line, not the end of the file.
			if f.Fix == nil || len(f.Fix.Edits) == 0 || f.Fix.Edits[0].Start != strings.Index(data, "enable-v2") {
				t.Errorf("fix does not start at enable-v2 (offset %d): %+v", strings.Index(data, "enable-v2"), f.Fix)
			}
		}
	}
	if !found {
		t.Errorf("enable-v2 not reported: %+v", res.Report.Findings)
	}
}

// TestYAMLShapeReported: duplicate keys and further documents, which
// etcd's decoder handles silently, are reported with what etcd does.
func TestYAMLShapeReported(t *testing.T) {
	data := "name: a\nsnapshot-count: 5\nname: b\n---\nname: c\n"
	res, _ := runFiles(t, map[string]string{"etcd.conf.yml": data}, []string{"etcd.conf.yml"}, "3.5", "3.7", nil)
	var msgs []string
	for _, p := range res.Report.Problems {
		msgs = append(msgs, p.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "duplicate key name (first on line 1): etcd uses the last value") {
		t.Errorf("duplicate key not reported: %q", msgs)
	}
	if !strings.Contains(all, "etcd reads only the first document") {
		t.Errorf("second document not reported: %q", msgs)
	}
}

// TestArgsUnterminatedQuote: an args file whose quote never closes is
// reported on the quote's line; a closed one is not.
func TestArgsUnterminatedQuote(t *testing.T) {
	for data, want := range map[string]bool{
		"etcd --name a \\\n  --initial-cluster 'a=http://10.0.0.1:2380\n  --data-dir /var/lib/etcd\n": true,
		"etcd --name \"a\" --data-dir '/var/lib/etcd' # it's fine\n":                                  false,
	} {
		res, _ := runFiles(t, map[string]string{"etcd.args": data}, []string{"etcd.args"}, "3.5", "3.7", nil)
		got := false
		for _, p := range res.Report.Problems {
			if strings.Contains(p.Message, "unterminated ' quote") && p.Line == 2 {
				got = true
			}
		}
		if got != want {
			t.Errorf("%q: reported %v, want %v: %+v", data, got, want, res.Report.Problems)
		}
	}
}

// TestUnknownNamesBounded checks that a file of thousands of unknown keys
// gets a bounded number of findings and facts, ends with a note for the
// rest, and that a known key among them is still decoded and checked.
func TestUnknownNamesBounded(t *testing.T) {
	var sb strings.Builder
	const n = 5000
	for i := range n {
		fmt.Fprintf(&sb, "unknown-key-%05d: 1\n", i)
		if i == n/2 {
			sb.WriteString("listen-client-urls: http://localhost:2379\n")
		}
	}
	p := filepath.Join(t.TempDir(), "etcd.conf.yml")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{p}, From: "3.5", Target: "3.7.3", Catalog: loadCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	unknown, rest := 0, false
	for _, f := range res.Report.Findings {
		if f.Rule != "ES0001" {
			continue
		}
		unknown++
		if strings.Contains(f.Message, "the rest, from config key unknown-key-01000 on, are not listed") {
			rest = true
		}
	}
	if unknown != 1001 || !rest {
		t.Errorf("got %d ES0001 findings (want 1000 and one for the rest), note for the rest: %v", unknown, rest)
	}
	if len(res.Report.Facts) > 1100 {
		t.Errorf("got %d facts, want them bounded", len(res.Report.Facts))
	}
	for _, f := range res.Report.Findings {
		if f.Rule == "ES0003" {
			t.Errorf("the file should decode: %s", f.Message)
		}
	}
}
