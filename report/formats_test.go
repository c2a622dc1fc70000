package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

func TestTextColor(t *testing.T) {
	opts := testOptions(t)
	plain := render(t, sampleReport(), FormatText, opts)
	if bytes.Contains(plain, []byte("\x1b")) {
		t.Error("text output without Color contains an escape character")
	}
	opts.Color = true
	colored := render(t, sampleReport(), FormatText, opts)
	if !bytes.Contains(colored, []byte(ansiRed)) || !bytes.Contains(colored, []byte(ansiYellow)) || !bytes.Contains(colored, []byte(ansiCyan)) {
		t.Error("coloured text lacks the severity colours")
	}
	// Stripping the escapes gives back the plain text.
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAll(colored, nil)
	if !bytes.Equal(stripped, plain) {
		t.Errorf("coloured text minus escapes differs from plain text:\n%s", lineDiff(string(plain), string(stripped)))
	}
	for _, f := range Formats() {
		if f == FormatText {
			continue
		}
		if out := render(t, sampleReport(), f, opts); bytes.Contains(out, []byte("\x1b")) {
			t.Errorf("%s output contains an escape character with Color set", f)
		}
	}
}

func TestColorEnabled(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tc := range []struct {
		name   string
		f      *os.File
		getenv func(string) string
	}{
		{"pipe", w, env()},
		{"file", file, env()},
		{"pipe-no-color", w, env("NO_COLOR", "1")},
		{"nil-file", nil, env()},
		{"nil-getenv-pipe", w, nil},
	} {
		if ColorEnabled(tc.f, tc.getenv) {
			t.Errorf("%s: ColorEnabled = true", tc.name)
		}
	}
	tty := openTerminal(t)
	if tty == nil {
		return
	}
	for _, tc := range []struct {
		name   string
		getenv func(string) string
		want   bool
	}{
		{"terminal", env(), true},
		{"terminal-empty-no-color", env("NO_COLOR", ""), true},
		{"terminal-no-color", env("NO_COLOR", "1"), false},
		{"terminal-dumb", env("TERM", "dumb"), false},
	} {
		if got := ColorEnabled(tty, tc.getenv); got != tc.want {
			t.Errorf("%s: ColorEnabled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTextLayout(t *testing.T) {
	out := string(render(t, sampleReport(), FormatText, testOptions(t)))
	lines := strings.Split(out, "\n")
	// Every finding line starts with its location, severity and rule.
	for _, want := range []string{
		"client/main.go:12:12: error EC3201: grpc.ErrClientConnTimeout is never returned",
		"pkg/ünïcode dir/wätch.go:30:9: warning EC3301: ",
		"https://10.0.0.1:2379 (etcd-0): error EO0003: member etcd-0 has an active NOSPACE alarm",
		"/var/lib/etcd/member: error ED3601: ",
		"error EO0001: 3.5.20 to 3.7.3 skips 3.6",
		"not analysed: https://10.0.0.3:2379: dial tcp",
		"not analysed: deploy/broken.yaml:4: yaml:",
	} {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line starts with %q", want)
		}
	}
	// File findings come before endpoint and path findings.
	if strings.Index(out, "wätch.go") > strings.Index(out, "https://10.0.0.1:2379 (etcd-0)") {
		t.Error("a file finding comes after an endpoint finding")
	}
	last := lines[len(lines)-2]
	for _, want := range []string{"10 findings", "6 errors", "2 warnings", "2 info", "8 inputs", "2 inputs not analysed", "3.7.3"} {
		if !strings.Contains(last, want) {
			t.Errorf("summary %q lacks %q", last, want)
		}
	}
	// A message with a line break stays on one line.
	r := &Report{Findings: []Finding{{Rule: "EC3201", Severity: rules.Warning, Message: "a\nb", Location: Location{File: "x.go", Line: 1}}}}
	if got := string(render(t, r, FormatText, RenderOptions{})); !strings.HasPrefix(got, "x.go:1: warning EC3201: a b\n") {
		t.Errorf("multi-line message rendered as %q", got)
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
		{"k=a,b: c", "k=a,b: c", "k=a%2Cb%3A c"},
		{"%0A", "%250A", "%250A"},
		{"ünï code", "ünï code", "ünï code"},
	} {
		if got := ghData(tc.in); got != tc.data {
			t.Errorf("ghData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := ghProperty(tc.in); got != tc.prop {
			t.Errorf("ghProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
	// Every line is a workflow command with a known level, except the
	// summary; a file name with ',' and ':' stays one property.
	r := sampleReport()
	r.Findings = append(r.Findings, Finding{Rule: "EC3201", Severity: rules.Warning, Detector: rules.DetectCode,
		Message: "x", Location: Location{File: workDir + "/odd,name:v2.go", Line: 2, Column: 3}})
	out := string(render(t, r, FormatGitHub, testOptions(t)))
	cmd := regexp.MustCompile(`^::(error|warning|notice) ([a-zA-Z]+=[^,:]*)(,[a-zA-Z]+=[^,:]*)*::[^\r\n]*$`)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !cmd.MatchString(l) {
			t.Errorf("not a well-formed workflow command: %q", l)
		}
	}
	if !strings.HasPrefix(lines[len(lines)-1], "etcdlint: 11 findings") {
		t.Errorf("last line %q is not the summary", lines[len(lines)-1])
	}
	for _, want := range []string{
		"::warning file=odd%2Cname%3Av2.go,line=2,col=3,title=EC3201::x",
		"::notice title=EA3501::https://10.0.0.1:2379 (etcd-0): ",
		"::warning file=pkg/ünïcode dir/wätch.go,line=30,col=9,title=EC3301::watch on \"a|b\" ignores WatchResponse.Err(), 100%25 of",
		"::error file=deploy/broken.yaml,line=4,title=not analysed::",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("github output lacks %q", want)
		}
	}
}

func TestJUnit(t *testing.T) {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
	type testcase struct {
		Name     string    `xml:"name,attr"`
		Failures []failure `xml:"failure"`
		Errors   []failure `xml:"error"`
	}
	type suite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	r := sampleReport()
	r.Findings[5].Message += " \x00\x1b]0;x\x07 & ]]> end"
	out := render(t, r, FormatJUnit, testOptions(t))
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("junit output is not XML: %v\n%s", err, out)
	}
	var names []string
	tests, failures, errs, findings := 0, 0, 0, 0
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		if s.Tests != len(s.Cases) {
			t.Errorf("suite %s: tests=%d, %d test cases", s.Name, s.Tests, len(s.Cases))
		}
		nf, ne := 0, 0
		for _, c := range s.Cases {
			findings += len(c.Failures)
			if len(c.Failures) > 0 {
				nf++
			}
			if len(c.Errors) > 0 {
				ne++
			}
			for _, f := range c.Failures {
				if strings.Contains(f.Message, "watch on") && !strings.Contains(f.Message, "& ]]> end") {
					t.Errorf("escaped message did not round-trip: %q", f.Message)
				}
			}
		}
		if s.Failures != nf || s.Errors != ne {
			t.Errorf("suite %s: failures=%d errors=%d, counted %d and %d", s.Name, s.Failures, s.Errors, nf, ne)
		}
		tests, failures, errs = tests+s.Tests, failures+s.Failures, errs+s.Errors
	}
	// One suite per input, in input order.
	for _, in := range r.Inputs {
		if !slices.Contains(names, relPath(workDir, in.Name)) {
			t.Errorf("no test suite for input %s (suites %q)", in.Name, names)
		}
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errs {
		t.Errorf("testsuites totals %d/%d/%d, suites add up to %d/%d/%d", doc.Tests, doc.Failures, doc.Errors, tests, failures, errs)
	}
	if findings != len(r.Findings) || failures != len(r.Findings) {
		t.Errorf("%d failures in %d test cases, want one test case per finding (%d)", findings, failures, len(r.Findings))
	}
	if doc.Errors != 2 {
		t.Errorf("%d errors, want one per problem (2)", doc.Errors)
	}
	// An input without findings or problems is one passed test case.
	passed := 0
	for _, s := range doc.Suites {
		if s.Failures == 0 && s.Errors == 0 {
			if len(s.Cases) != 1 || s.Cases[0].Name != s.Name {
				t.Errorf("clean suite %s: cases %+v, want one passed case named after the input", s.Name, s.Cases)
			}
			passed++
		}
	}
	if passed == 0 {
		t.Error("no passed test case for a clean input")
	}
	if !bytes.Contains(out, []byte(`name="EC3201 client/main.go:12:12"`)) {
		t.Errorf("no test case named by rule and location:\n%s", out)
	}
}

func TestMatchInput(t *testing.T) {
	in := []Input{
		{Kind: "dir", Name: "deploy", Detector: rules.DetectConfig},
		{Kind: "dir", Name: "deploy/prod", Detector: rules.DetectConfig},
		{Kind: "config-yaml", Name: "deploy/prod/etcd.yml", Detector: rules.DetectConfig},
		{Kind: "endpoint", Name: "https://e:2379", Detector: rules.DetectProbe},
	}
	for _, tc := range []struct {
		f    Finding
		want string
	}{
		{Finding{Detector: rules.DetectConfig, Location: Location{File: "deploy/prod/etcd.yml"}}, "deploy/prod/etcd.yml"},
		{Finding{Detector: rules.DetectConfig, Location: Location{File: "deploy/prod/other.yml"}}, "deploy/prod"},
		{Finding{Detector: rules.DetectConfig, Location: Location{File: "deploy/x.env"}}, "deploy"},
		{Finding{Detector: rules.DetectConfig, Location: Location{File: "deployment/x.env"}}, ""},
		{Finding{Detector: rules.DetectProbe, Location: Location{Endpoint: "https://e:2379", Member: "m"}}, "https://e:2379"},
		{Finding{Detector: rules.DetectCode, Location: Location{File: "deploy/prod/etcd.yml"}}, ""},
	} {
		if got := matchInput(in, tc.f); got != tc.want {
			t.Errorf("matchInput(%+v) = %q, want %q", tc.f.Location, got, tc.want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	out := string(render(t, sampleReport(), FormatMarkdown, testOptions(t)))
	// Every table row has as many unescaped '|' as its header.
	cells := regexp.MustCompile(`(^|[^\\])\|`)
	var want int
	for _, l := range strings.Split(out, "\n") {
		switch {
		case !strings.HasPrefix(l, "|"):
			want = 0
		case want == 0:
			want = len(cells.FindAllString(l, -1))
		default:
			if got := len(cells.FindAllString(l, -1)); got != want {
				t.Errorf("table row has %d cell separators, want %d: %s", got, want, l)
			}
		}
	}
	for _, want := range []string{
		":x: **The upgrade breaks: 6 errors.**",
		"| :x: error | 6 |",
		"[EC3201](https://github.com/etcdlint/etcdlint/blob/main/docs/rules.md#ec3201)",
		"`pkg/ünïcode dir/wätch.go:30:9`",
		`watch on "a\|b" ignores`,
		"&lt;compacted&gt;",
		"### Not analysed",
		"**unreachable**",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "<compacted>") {
		t.Error("markdown passes raw HTML through")
	}

	for _, tc := range []struct {
		r    *Report
		want string
	}{
		{&Report{Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}}}, ":white_check_mark: **No findings.**"},
		{&Report{Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}},
			Findings: []Finding{{Rule: "ES3401", Severity: rules.Warning, Message: "m"}}}, ":warning: **1 warning: behaviour changes silently.**"},
		{&Report{Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}},
			Findings: []Finding{{Rule: "EA3501", Severity: rules.Info, Message: "m"}}}, ":information_source: **Nothing breaks; 1 info for awareness.**"},
		{&Report{}, ":grey_question: **Nothing was analysed.**"},
	} {
		if got := string(render(t, tc.r, FormatMarkdown, testOptions(t))); !strings.Contains(got, tc.want) {
			t.Errorf("markdown verdict: want %q in\n%s", tc.want, got)
		}
	}

	many := &Report{Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}}}
	for i := range maxMarkdownFindings + 5 {
		many.Findings = append(many.Findings, Finding{Rule: "EC3201", Severity: rules.Error, Message: "m", Location: Location{File: "a.go", Line: i + 1}})
	}
	got := string(render(t, many, FormatMarkdown, testOptions(t)))
	if n := strings.Count(got, "| :x: | [EC3201]"); n != maxMarkdownFindings || !strings.Contains(got, "… and 5 more") {
		t.Errorf("markdown lists %d findings of %d, want the first %d and a note", n, len(many.Findings), maxMarkdownFindings)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a|b", `a\|b`},
		{"<script>&", "&lt;script&gt;&amp;"},
		{"*x* _y_ `z` [l](u)", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u)"},
		{"line\nbreak\r\n", "line<br>break<br>"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"a.go:1", "`a.go:1`"},
		{"a`b", "``a`b``"},
		{"`x", "`` `x ``"},
		{"a|b", "`a\\|b`"},
		{"", ""},
	} {
		if got := mdCode(tc.in); got != tc.want {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestJUnitPackageFindings checks that a package's findings, located in
// its files, are test cases of the package's suite, so a package with
// findings never also shows as passed.
func TestJUnitPackageFindings(t *testing.T) {
	r := &Report{
		Target: "3.7.3",
		Inputs: []Input{
			{Kind: "package", Name: "example.com/a", Dir: "svc/a", Detector: rules.DetectCode},
			{Kind: "package", Name: "example.com/b", Dir: "svc/b", Detector: rules.DetectCode},
		},
		Findings: []Finding{{Rule: "EC3401", Severity: rules.Error, Message: "moved", Detector: rules.DetectCode,
			Location: Location{File: "svc/a/main.go", Line: 3, Column: 2}}},
	}
	out := string(render(t, r, FormatJUnit, RenderOptions{}))
	for _, want := range []string{
		`<testsuite name="example.com/a" tests="1" failures="1" errors="0">`,
		`<testcase name="EC3401 svc/a/main.go:3:2" classname="etcdlint.code.EC3401">`,
		`<testsuite name="example.com/b" tests="1" failures="0" errors="0">`,
		`<testcase name="example.com/b" classname="etcdlint.code.package"></testcase>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("junit lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `<testcase name="example.com/a" `) {
		t.Errorf("the package with a finding also has a passed test case:\n%s", out)
	}
}
