package report

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/etcdlint/etcdlint/rules"
)

// sarifSchemaFile is the official SARIF 2.1.0 JSON schema (draft-04), as
// shipped in lib/schemas of the npm package @microsoft/jest-sarif.
const sarifSchemaFile = "testdata/sarif-2.1.0-rtm.5.json"

// compileSchema compiles a JSON schema with format assertions on (GitHub
// rejects SARIF whose URIs are not "uri-reference"s).
func compileSchema(t testing.TB, name string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parsing schema %s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatalf("adding schema %s: %v", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("compiling schema %s: %v", name, err)
	}
	return s
}

func loadSARIFSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	return compileSchema(t, "sarif-2.1.0.json", data)
}

func reportSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	return compileSchema(t, "report.schema.json", JSONSchema())
}

// validate checks a rendered document against a schema.
func validate(t *testing.T, s *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output does not validate: %v", err)
	}
}

// reports are the reports the schema tests render: the realistic sample,
// an empty run, a run without a catalog, and one finding for every rule
// of the real catalog (so no title or text of the catalog can produce
// invalid output).
func schemaCases(t *testing.T) map[string]struct {
	r    *Report
	opts RenderOptions
} {
	real, err := rules.Load()
	if err != nil {
		t.Fatalf("loading the catalog: %v", err)
	}
	every := &Report{Target: "3.7.3", Inputs: []Input{{Kind: "package", Name: "example.com/app", Detector: rules.DetectCode}}}
	for i, r := range real.Rules() {
		every.Findings = append(every.Findings, Finding{
			Rule: r.ID, Message: r.Title, Detector: rules.DetectCode,
			Location: Location{File: filepath.Join(workDir, "main.go"), Line: i + 1, Column: 1},
		})
	}
	opts := testOptions(t)
	return map[string]struct {
		r    *Report
		opts RenderOptions
	}{
		"sample":        {sampleReport(), opts},
		"empty":         {&Report{}, opts},
		"no-catalog":    {sampleReport(), RenderOptions{}},
		"relative-work": {sampleReport(), RenderOptions{Catalog: opts.Catalog, WorkDir: "rel"}},
		"every-rule":    {every, RenderOptions{Catalog: real, WorkDir: workDir, ToolVersion: "v0.1.0"}},
	}
}

func TestSARIFSchema(t *testing.T) {
	s := loadSARIFSchema(t)
	for name, tc := range schemaCases(t) {
		t.Run(name, func(t *testing.T) {
			out := render(t, tc.r, FormatSARIF, tc.opts)
			validate(t, s, out)
			checkGitHubIngestion(t, out)
		})
	}
}

func TestJSONSchema(t *testing.T) {
	s := reportSchema(t)
	for name, tc := range schemaCases(t) {
		t.Run(name, func(t *testing.T) {
			validate(t, s, render(t, tc.r, FormatJSON, tc.opts))
		})
	}
}

// TestSchemasReject checks the validators do reject bad documents, so the
// schema tests above can fail.
func TestSchemasReject(t *testing.T) {
	for _, tc := range []struct {
		name   string
		schema *jsonschema.Schema
		format Format
		break_ func(m map[string]any)
	}{
		{"sarif-level", loadSARIFSchema(t), FormatSARIF, func(m map[string]any) {
			result(m, 0)["level"] = "fatal"
		}},
		{"sarif-uri", loadSARIFSchema(t), FormatSARIF, func(m map[string]any) {
			loc := result(m, 0)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"] = "pkg/bad%zz.go"
		}},
		{"sarif-version", loadSARIFSchema(t), FormatSARIF, func(m map[string]any) { m["version"] = "2.0.0" }},
		{"json-version", reportSchema(t), FormatJSON, func(m map[string]any) { m["schema_version"] = 2 }},
		{"json-severity", reportSchema(t), FormatJSON, func(m map[string]any) {
			m["findings"].([]any)[0].(map[string]any)["severity"] = "fatal"
		}},
		{"json-missing-inputs", reportSchema(t), FormatJSON, func(m map[string]any) { delete(m, "inputs") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(render(t, sampleReport(), tc.format, testOptions(t)), &m); err != nil {
				t.Fatal(err)
			}
			tc.break_(m)
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.schema.Validate(inst); err == nil {
				t.Error("the broken document validates")
			}
		})
	}
}

func result(m map[string]any, i int) map[string]any {
	return m["runs"].([]any)[0].(map[string]any)["results"].([]any)[i].(map[string]any)
}

// sarifDoc is the part of a SARIF log the GitHub checks read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string     `json:"id"`
					ShortDescription *sarifText `json:"shortDescription"`
					FullDescription  *sarifText `json:"fullDescription"`
					Help             *sarifHelp `json:"help"`
					HelpURI          string     `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results     []sarifResult     `json:"results"`
		Invocations []sarifInvocation `json:"invocations"`
	} `json:"runs"`
}

// checkGitHubIngestion applies the rules GitHub code scanning enforces
// beyond the schema: every result has a physical location whose URI Go's
// url.Parse accepts (GitHub parses them so) and is relative or a file:
// URI; every rule has a full description and help (GH2012); ruleIndex
// points at the rule named by ruleId; regions start at line 1 or later;
// fingerprints are unique.
func checkGitHubIngestion(t *testing.T, out []byte) {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != ToolName {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ShortDescription == nil || r.ShortDescription.Text == "" || r.FullDescription == nil || r.FullDescription.Text == "" || r.Help == nil || r.Help.Text == "" {
			t.Errorf("rule %s lacks shortDescription, fullDescription or help", r.ID)
		}
	}
	fps := map[string]bool{}
	for i, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not name rule %s", i, res.RuleIndex, res.RuleID)
		}
		if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
			t.Errorf("result %d (%s): no physical location", i, res.RuleID)
			continue
		}
		pl := res.Locations[0].PhysicalLocation
		u, err := url.Parse(pl.ArtifactLocation.URI)
		switch {
		case pl.ArtifactLocation.URI == "":
			t.Errorf("result %d: empty artifact URI", i)
		case err != nil:
			t.Errorf("result %d: artifact URI %q: %v", i, pl.ArtifactLocation.URI, err)
		case u.IsAbs() && u.Scheme != "file":
			t.Errorf("result %d: absolute URI %q is not a file: URI", i, pl.ArtifactLocation.URI)
		case !u.IsAbs() && pl.ArtifactLocation.URIBaseID != "" && pl.ArtifactLocation.URIBaseID != srcRoot:
			t.Errorf("result %d: unknown uriBaseId %q", i, pl.ArtifactLocation.URIBaseID)
		}
		if bad := strings.IndexFunc(pl.ArtifactLocation.URI, func(r rune) bool { return !uriChar(r) }); bad >= 0 {
			t.Errorf("result %d: artifact URI %q has a character that must be escaped at %d", i, pl.ArtifactLocation.URI, bad)
		}
		if r := pl.Region; r != nil && r.StartLine < 1 {
			t.Errorf("result %d: region without a start line", i)
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if fp == "" || fps[fp] {
			t.Errorf("result %d: fingerprint %q missing or repeated", i, fp)
		}
		fps[fp] = true
	}
	if len(run.Invocations) != 1 {
		t.Errorf("%d invocations, want 1", len(run.Invocations))
	}
}

// uriChar reports whether r may appear unescaped in a URI (RFC 3986
// unreserved and reserved characters, and '%' of an escape).
func uriChar(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("-._~:/?#[]@!$&'()*+,;=%", r))
}

// TestSARIFPaths checks URIs of paths with spaces, non-ASCII letters,
// '%', '#' and colons decode back to the path.
func TestSARIFPaths(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"client/main.go", "client/main.go"},
		{"my dir/ünï.go", "my%20dir/%C3%BCn%C3%AF.go"},
		{"a%b/c#d?.go", "a%25b/c%23d%3F.go"},
		{"c:d/e.go", "c%3Ad/e.go"},
	} {
		got := relativeURI(tc.path)
		if got != tc.want {
			t.Errorf("relativeURI(%q) = %q, want %q", tc.path, got, tc.want)
		}
		u, err := url.Parse(got)
		if err != nil || u.Path != tc.path || u.IsAbs() {
			t.Errorf("url.Parse(%q) = %v, %v; want relative path %q", got, u, err, tc.path)
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"/var/lib/etcd", "file:///var/lib/etcd"},
		{"/home/a b/ü.go", "file:///home/a%20b/%C3%BC.go"},
	} {
		if got := fileURI(tc.path); got != tc.want {
			t.Errorf("fileURI(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
	for _, tc := range []struct{ ep, want string }{
		{"https://10.0.0.1:2379", "10.0.0.1%3A2379"},
		{"http://etcd-0.etcd:2379/", "etcd-0.etcd%3A2379"},
		{"unix:///run/etcd.sock", "run/etcd.sock"},
		{"10.0.0.1:2379", "10.0.0.1%3A2379"},
	} {
		if got := endpointURI(tc.ep); got != tc.want {
			t.Errorf("endpointURI(%q) = %q, want %q", tc.ep, got, tc.want)
		}
	}
}

// TestSARIFFingerprintStable checks a finding keeps its fingerprint when
// its line moves and identical findings in one file get different ones.
func TestSARIFFingerprintStable(t *testing.T) {
	fp := func(r *Report) []string {
		var doc sarifDoc
		if err := json.Unmarshal(render(t, r, FormatSARIF, testOptions(t)), &doc); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, res := range doc.Runs[0].Results {
			out = append(out, res.PartialFingerprints[fingerprintKey])
		}
		return out
	}
	f := Finding{Rule: "EC3201", Message: "m", Detector: rules.DetectCode, Location: Location{File: "a.go", Line: 3, Column: 1}}
	moved := f
	moved.Location.Line = 40
	a := fp(&Report{Findings: []Finding{f}, Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}}})
	b := fp(&Report{Findings: []Finding{moved}, Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}}})
	if a[0] != b[0] {
		t.Errorf("fingerprint changed when the line moved: %s, %s", a[0], b[0])
	}
	two := fp(&Report{Findings: []Finding{f, moved}})
	if two[0] == two[1] {
		t.Errorf("two findings share fingerprint %s", two[0])
	}
}

// TestSARIFProblems checks problems become tool execution notifications
// and mark the run unsuccessful.
func TestSARIFProblems(t *testing.T) {
	var doc sarifDoc
	if err := json.Unmarshal(render(t, sampleReport(), FormatSARIF, testOptions(t)), &doc); err != nil {
		t.Fatal(err)
	}
	inv := doc.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful with problems")
	}
	var texts []string
	for _, n := range inv.ToolExecutionNotifications {
		texts = append(texts, n.Message.Text)
	}
	want := []string{
		"not analysed: deploy/broken.yaml:4: yaml: mapping values are not allowed in this context",
		"not analysed: https://10.0.0.3:2379: dial tcp 10.0.0.3:2379: connect: connection refused",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("notifications:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	clean := &Report{Inputs: []Input{{Kind: "package", Name: "p", Detector: rules.DetectCode}}}
	doc = sarifDoc{}
	if err := json.Unmarshal(render(t, clean, FormatSARIF, testOptions(t)), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Runs[0].Invocations[0].ExecutionSuccessful || len(doc.Runs[0].Results) != 0 {
		t.Errorf("clean run: executionSuccessful %v, %d results", doc.Runs[0].Invocations[0].ExecutionSuccessful, len(doc.Runs[0].Results))
	}
}

// TestJSONRoundTrip checks the json format carries every finding, input,
// problem and fact, and a summary that adds up.
func TestJSONRoundTrip(t *testing.T) {
	var doc jsonReport
	if err := json.Unmarshal(render(t, sampleReport(), FormatJSON, testOptions(t)), &doc); err != nil {
		t.Fatal(err)
	}
	r := sampleReport()
	if len(doc.Findings) != len(r.Findings) || len(doc.Inputs) != len(r.Inputs) ||
		len(doc.Problems) != len(r.Problems) || len(doc.Facts) != len(r.Facts) {
		t.Errorf("json has %d findings, %d inputs, %d problems, %d facts; want %d, %d, %d, %d",
			len(doc.Findings), len(doc.Inputs), len(doc.Problems), len(doc.Facts),
			len(r.Findings), len(r.Inputs), len(r.Problems), len(r.Facts))
	}
	s := doc.Summary
	if s.Errors+s.Warnings+s.Infos != s.Findings || s.Findings != len(r.Findings) || s.Worst != "error" || !s.Unreachable {
		t.Errorf("summary %+v does not add up", s)
	}
	if doc.From == nil || doc.From.Version != "3.5.20" || doc.From.Source != "go.mod" || doc.Target != "3.7.3" {
		t.Errorf("from %+v, target %q", doc.From, doc.Target)
	}
	for _, f := range doc.Findings {
		if f.Rule == "EC3401" && f.Severity != rules.Error {
			t.Errorf("EC3401 severity %v, want the catalog's error", f.Severity)
		}
	}
	if !bytes.Equal(JSONSchema(), jsonSchema) || &JSONSchema()[0] == &jsonSchema[0] {
		t.Error("JSONSchema must return a copy of the embedded schema")
	}
}

func TestSARIFToolVersion(t *testing.T) {
	for _, tc := range []struct{ in, version, semantic string }{
		{"v0.1.0", "0.1.0", "0.1.0"},
		{"1.2.3-rc.1+meta", "1.2.3-rc.1+meta", "1.2.3-rc.1+meta"},
		{"", "devel", ""},
		{"(devel)", "(devel)", ""},
		{"v1.2", "1.2", ""},
	} {
		var doc struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Version         string `json:"version"`
						SemanticVersion string `json:"semanticVersion"`
					} `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		out := render(t, &Report{}, FormatSARIF, RenderOptions{ToolVersion: tc.in})
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		d := doc.Runs[0].Tool.Driver
		if d.Version != tc.version || d.SemanticVersion != tc.semantic {
			t.Errorf("tool version %q: version %q, semanticVersion %q; want %q, %q", tc.in, d.Version, d.SemanticVersion, tc.version, tc.semantic)
		}
	}
}

// TestSchemaAllowsNewOptionalFields checks the v1 promise: a document with
// fields this version does not know still validates, at every level.
func TestSchemaAllowsNewOptionalFields(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(render(t, sampleReport(), FormatJSON, testOptions(t)), &m); err != nil {
		t.Fatal(err)
	}
	m["extra"] = true
	m["tool"].(map[string]any)["extra"] = 1
	m["summary"].(map[string]any)["extra"] = "x"
	f := m["findings"].([]any)[0].(map[string]any)
	f["extra"] = []any{}
	f["location"].(map[string]any)["extra"] = 2
	m["inputs"].([]any)[0].(map[string]any)["extra"] = 3
	m["notices"] = []any{"--from 3.6 ignored for code: go.mod requires github.com/coreos/etcd v3.3.27+incompatible"}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := reportSchema(t).Validate(inst); err != nil {
		t.Errorf("a document with new optional fields does not validate: %v", err)
	}
}
