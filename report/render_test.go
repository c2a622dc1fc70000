package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// workDir is the working directory the sample report's paths live in: it
// has a space, so every renderer meets one.
const workDir = "/home/dev/my project"

// testCatalog loads the small fixed catalog in testdata/catalog, so golden
// files do not change when the real catalog's wording does.
func testCatalog(t testing.TB) *rules.Catalog {
	t.Helper()
	c, err := rules.LoadFS(os.DirFS("testdata"), "catalog")
	if err != nil {
		t.Fatalf("loading test catalog: %v", err)
	}
	return c
}

func testOptions(t testing.TB) RenderOptions {
	return RenderOptions{Catalog: testCatalog(t), WorkDir: workDir, ToolVersion: "1.2.3"}
}

// sampleReport is a realistic report of a `check` run: code, config,
// probe, data-dir and plan findings (deliberately unsorted), fixes with and
// without edits, a path with a space and non-ASCII letters, characters
// every format must escape, problems and facts.
func sampleReport() *Report {
	main := workDir + "/client/main.go"
	watch := workDir + "/pkg/ünïcode dir/wätch.go"
	conf := workDir + "/deploy/etcd.conf.yml"
	return &Report{
		From:       "3.5.20",
		FromSource: "go.mod",
		Target:     "3.7.3",
		Findings: []Finding{
			{
				Rule: "EA3501", Severity: rules.Info, Detector: rules.DetectProbe,
				Message:  "etcd_debugging_mvcc_db_total_size_in_bytes is exported as etcd_mvcc_db_total_size_in_bytes since 3.5 (target 3.7.3)",
				Location: Location{Endpoint: "https://[fd00::2]:2379", Member: "etcd-1"},
			},
			{
				Rule: "ES3601", Severity: rules.Error, Detector: rules.DetectConfig,
				Message:  "enable-v2 is removed in 3.6 (target 3.7.3): etcd refuses to start",
				Location: Location{File: conf, Line: 7, Column: 1, EndLine: 7, EndColumn: 16},
				Fix:      &Fix{Description: "Remove the enable-v2 key"},
				Source:   "https://etcd.io/docs/v3.6/upgrades/upgrade_3_6/",
			},
			{
				Rule: "EC3201", Severity: rules.Error, Detector: rules.DetectCode,
				Message:  "grpc.ErrClientConnTimeout is never returned by clientv3 3.2+ (target 3.7.3): compare with context.DeadlineExceeded",
				Location: Location{File: main, Line: 12, Column: 12, EndLine: 12, EndColumn: 37},
				Fix: &Fix{Description: "Replace grpc.ErrClientConnTimeout with context.DeadlineExceeded", Edits: []Edit{{
					File: main, Start: 201, End: 226, NewText: "context.DeadlineExceeded",
					Line: 12, Column: 12, EndLine: 12, EndColumn: 37,
				}}},
			},
			{
				Rule: "EO0003", Severity: rules.Error, Detector: rules.DetectProbe,
				Message:  "member etcd-0 has an active NOSPACE alarm: the cluster is not healthy",
				Location: Location{Endpoint: "https://10.0.0.1:2379", Member: "etcd-0"},
				Note:     "run etcdctl alarm list, then compact, defragment and etcdctl alarm disarm",
			},
			{
				Rule: "EC3401", Detector: rules.DetectCode, // severity left to the catalog
				Message:  "github.com/coreos/etcd/clientv3 is go.etcd.io/etcd/client/v3 from 3.5 (target 3.7.3)",
				Location: Location{File: main, Line: 5, Column: 2, EndLine: 5, EndColumn: 35},
				Fix: &Fix{Description: "Rewrite the import path", Edits: []Edit{{
					File: main, Start: 30, End: 63, NewText: `"go.etcd.io/etcd/client/v3"`,
					Line: 5, Column: 2, EndLine: 5, EndColumn: 35,
				}}},
				Note: "then run: go get go.etcd.io/etcd/client/v3@v3.7.3",
			},
			{
				Rule: "EC3301", Severity: rules.Warning, Detector: rules.DetectCode, LowConfidence: true,
				Message:  `watch on "a|b" ignores WatchResponse.Err(), 100% of <compacted> revisions, e.g. key=a,b: lost`,
				Location: Location{File: watch, Line: 30, Column: 9},
			},
			{
				Rule: "ES3401", Severity: rules.Warning, Detector: rules.DetectConfig,
				Message:  "enable-v2 is not set: the v2 API is off by default from 3.4 (from 3.5.20)",
				Location: Location{File: conf, Line: 3, Column: 1},
			},
			{
				Rule: "ED3601", Severity: rules.Error, Detector: rules.DetectDataDir,
				Message:  "the v2 store holds 3 keys besides membership data: 3.6 (target 3.7.3) refuses to start",
				Location: Location{Path: "/var/lib/etcd/member"},
				Fix:      &Fix{Description: "Remove the v2 keys with etcdctl 3.5, then run etcdutl check v2store"},
			},
			{
				Rule: "EO0001", Severity: rules.Error, Detector: rules.DetectPlan,
				Message: "3.5.20 to 3.7.3 skips 3.6: upgrade through 3.6.11 or later first",
			},
			{
				Rule: "EA3501", Severity: rules.Info, Detector: rules.DetectProbe,
				Message:  "etcd_debugging_mvcc_db_total_size_in_bytes is exported as etcd_mvcc_db_total_size_in_bytes since 3.5 (target 3.7.3)",
				Location: Location{Endpoint: "https://10.0.0.1:2379", Member: "etcd-0"},
			},
		},
		Inputs: []Input{
			{Kind: "endpoint", Name: "https://10.0.0.1:2379", Detector: rules.DetectProbe},
			{Kind: "package", Name: "example.com/app/client", Detector: rules.DetectCode},
			{Kind: "package", Name: "example.com/app/pkg/ünïcode dir", Detector: rules.DetectCode},
			{Kind: "config-yaml", Name: conf, Detector: rules.DetectConfig},
			{Kind: "systemd-unit", Name: workDir + "/deploy/etcd.service", Detector: rules.DetectConfig},
			{Kind: "endpoint", Name: "https://[fd00::2]:2379", Detector: rules.DetectProbe},
			{Kind: "endpoint", Name: "https://10.0.0.3:2379", Detector: rules.DetectProbe},
			{Kind: "data-dir", Name: "/var/lib/etcd", Detector: rules.DetectDataDir},
		},
		Problems: []Problem{
			{Input: "https://10.0.0.3:2379", Message: "dial tcp 10.0.0.3:2379: connect: connection refused", Detector: rules.DetectProbe, Unreachable: true},
			{Input: workDir + "/deploy/broken.yaml", Line: 4, Message: "yaml: mapping values are not allowed in this context", Detector: rules.DetectConfig},
		},
		Facts: []Fact{
			{Subject: "https://10.0.0.1:2379", Name: "server_version", Value: "3.5.20"},
			{Subject: "https://10.0.0.1:2379", Name: "cluster_version", Value: "3.5.0"},
			{Subject: "/var/lib/etcd", Name: "db_size_bytes", Value: "24576"},
		},
	}
}

// golden compares got with testdata/golden/name, or rewrites the file
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report -update after checking the change):\n%s",
			name, lineDiff(string(want), string(got)))
	}
}

// lineDiff returns the first differing lines of want and got.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(no line differs)"
}

func render(t testing.TB, r *Report, f Format, opts RenderOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r, f, opts); err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	return buf.Bytes()
}

// goldenExt names the golden file of each format.
var goldenExt = map[Format]string{
	FormatText:     "sample.txt",
	FormatJSON:     "sample.json",
	FormatSARIF:    "sample.sarif",
	FormatJUnit:    "sample.junit.xml",
	FormatGitHub:   "sample.github.txt",
	FormatMarkdown: "sample.md",
}

func TestGolden(t *testing.T) {
	opts := testOptions(t)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			golden(t, goldenExt[f], render(t, sampleReport(), f, opts))
		})
	}
	t.Run("text-color", func(t *testing.T) {
		o := opts
		o.Color = true
		golden(t, "sample.color.txt", render(t, sampleReport(), FormatText, o))
	})
	t.Run("text-empty", func(t *testing.T) {
		golden(t, "empty.txt", render(t, &Report{Target: "3.7.3"}, FormatText, opts))
	})
	t.Run("sarif-empty", func(t *testing.T) {
		golden(t, "empty.sarif", render(t, &Report{Target: "3.7.3"}, FormatSARIF, opts))
	})
}

func TestFormatsCoverRender(t *testing.T) {
	if len(Formats()) != len(goldenExt) {
		t.Errorf("Formats() has %d formats, the golden tests %d", len(Formats()), len(goldenExt))
	}
	for _, f := range Formats() {
		if _, ok := goldenExt[f]; !ok {
			t.Errorf("format %s has no golden file", f)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Format
		wantErr string
	}{
		{in: "text", want: FormatText},
		{in: "json", want: FormatJSON},
		{in: "SARIF", want: FormatSARIF},
		{in: " junit ", want: FormatJUnit},
		{in: "github", want: FormatGitHub},
		{in: "markdown", want: FormatMarkdown},
		{in: "md", want: FormatMarkdown},
		{in: "xml", wantErr: `unknown format "xml": want one of text, json, sarif, junit, github, markdown`},
		{in: "", wantErr: `unknown format ""`},
	} {
		got, err := ParseFormat(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseFormat(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, sampleReport(), Format("yaml"), testOptions(t))
	if err == nil || !strings.Contains(err.Error(), `unknown format "yaml"`) {
		t.Errorf("Render(yaml) error = %v, want unknown format", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Render(yaml) wrote %q", buf.String())
	}
	if err := Render(&buf, nil, FormatText, testOptions(t)); err == nil {
		t.Error("Render(nil report) succeeded")
	}
}

// TestDeterministic checks every format's output is independent of the
// order findings, inputs, problems and facts arrive in, and that Render
// leaves the report untouched.
func TestDeterministic(t *testing.T) {
	opts := testOptions(t)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			want := render(t, sampleReport(), f, opts)
			r := sampleReport()
			slices.Reverse(r.Findings)
			slices.Reverse(r.Inputs)
			slices.Reverse(r.Problems)
			slices.Reverse(r.Facts)
			// Duplicates are dropped.
			r.Findings = append(r.Findings, r.Findings[0])
			r.Inputs = append(r.Inputs, r.Inputs[0])
			before := sampleReport()
			slices.Reverse(before.Findings)
			slices.Reverse(before.Inputs)
			slices.Reverse(before.Problems)
			slices.Reverse(before.Facts)
			before.Findings = append(before.Findings, before.Findings[0])
			before.Inputs = append(before.Inputs, before.Inputs[0])
			got := render(t, r, f, opts)
			if !bytes.Equal(got, want) {
				t.Errorf("output depends on input order:\n%s", lineDiff(string(want), string(got)))
			}
			if !reflect.DeepEqual(r, before) {
				t.Error("Render modified the report")
			}
		})
	}
}

// TestNothingAnalysed checks no format makes a run that analysed nothing
// look clean.
func TestNothingAnalysed(t *testing.T) {
	want := map[Format]string{
		FormatText:     "nothing was analysed",
		FormatJSON:     `"inputs": 0`,
		FormatSARIF:    `"executionSuccessful": false`,
		FormatJUnit:    `type="nothing-analysed"`,
		FormatGitHub:   "::error title=nothing analysed::",
		FormatMarkdown: "**Nothing was analysed.**",
	}
	for _, f := range Formats() {
		out := string(render(t, &Report{Target: "3.7.3"}, f, testOptions(t)))
		if !strings.Contains(out, want[f]) {
			t.Errorf("%s output for an empty report lacks %q:\n%s", f, want[f], out)
		}
	}
}

// TestRelativePaths checks file paths inside the work directory are
// printed relative to it and paths outside it stay absolute.
func TestRelativePaths(t *testing.T) {
	opts := testOptions(t)
	for _, f := range Formats() {
		out := string(render(t, sampleReport(), f, opts))
		if strings.Contains(out, workDir) && f != FormatSARIF {
			t.Errorf("%s output contains the work directory %q", f, workDir)
		}
		if f == FormatSARIF && strings.Count(out, "file:///home/dev/my%20project/") != 2 {
			// The work directory appears once as the %SRCROOT% base and
			// once as the working directory, never in a result.
			t.Errorf("sarif output names the work directory %d times, want 2", strings.Count(out, "file:///home/dev/my%20project/"))
		}
	}
	for _, tc := range []struct{ dir, p, want string }{
		{"/w", "/w/a/b.go", "a/b.go"},
		{"/w", "/w", "."},
		{"/w", "/wx/b.go", "/wx/b.go"},
		{"/w", "/other/b.go", "/other/b.go"},
		{"/w", "rel/b.go", "rel/b.go"},
		{"", "/w/a.go", "/w/a.go"},
		{"/w", "", ""},
		{"/w", "example.com/pkg", "example.com/pkg"},
	} {
		if got := relPath(tc.dir, tc.p); got != tc.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
}

func TestSeverityFallback(t *testing.T) {
	cat := testCatalog(t)
	for _, tc := range []struct {
		f    Finding
		cat  *rules.Catalog
		want rules.Severity
	}{
		{Finding{Rule: "EC3401"}, cat, rules.Error},
		{Finding{Rule: "EC3401", Severity: rules.Info}, cat, rules.Info},
		{Finding{Rule: "EC3401"}, nil, rules.Warning},
		{Finding{Rule: "EX0000"}, cat, rules.Warning},
	} {
		if got := severityOf(tc.f, tc.cat); got != tc.want {
			t.Errorf("severityOf(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
}

// TestNoCatalog checks every format renders without rule metadata.
func TestNoCatalog(t *testing.T) {
	for _, f := range Formats() {
		out := render(t, sampleReport(), f, RenderOptions{})
		if !bytes.Contains(out, []byte("EC3201")) {
			t.Errorf("%s output without a catalog lacks the rule ID", f)
		}
	}
}
