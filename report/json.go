package report

import (
	_ "embed" // for the JSON Schema
	"encoding/json"
	"io"

	"github.com/etcdlint/etcdlint/rules"
)

// JSONSchemaVersion is the schema_version the json format writes. It
// changes only when a field is removed or changes meaning; new optional
// fields keep the version.
const JSONSchemaVersion = 1

//go:embed schema/report.schema.json
var jsonSchema []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the json format,
// for `etcdlint` to print and for consumers to validate against. The
// returned slice is a copy.
func JSONSchema() []byte {
	return append([]byte(nil), jsonSchema...)
}

// jsonReport is the document the json format writes. Field order is the
// order of the output.
type jsonReport struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          jsonTool      `json:"tool"`
	From          *jsonFrom     `json:"from"`
	Target        string        `json:"target"`
	Findings      []jsonFinding `json:"findings"`
	Inputs        []Input       `json:"inputs"`
	Problems      []Problem     `json:"problems"`
	Facts         []Fact        `json:"facts"`
	Notices       []string      `json:"notices,omitempty"`
	Summary       jsonSummary   `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFrom struct {
	Version string `json:"version"`
	Source  string `json:"source,omitempty"`
}

type jsonFinding struct {
	Rule          string         `json:"rule"`
	Title         string         `json:"title,omitempty"`
	Severity      rules.Severity `json:"severity"`
	Message       string         `json:"message"`
	Location      Location       `json:"location"`
	Fix           *jsonFix       `json:"fix,omitempty"`
	Note          string         `json:"note,omitempty"`
	Detector      rules.Detector `json:"detector"`
	LowConfidence bool           `json:"low_confidence"`
	Source        string         `json:"source,omitempty"`
	HelpURI       string         `json:"help_uri,omitempty"`
}

type jsonFix struct {
	Description string `json:"description"`
	Edits       []Edit `json:"edits"`
}

type jsonSummary struct {
	Findings    int    `json:"findings"`
	Errors      int    `json:"errors"`
	Warnings    int    `json:"warnings"`
	Infos       int    `json:"infos"`
	Worst       string `json:"worst"`
	Inputs      int    `json:"inputs"`
	Problems    int    `json:"problems"`
	Unreachable bool   `json:"unreachable"`
}

// renderJSON writes the json format: one indented document described by
// schema/report.schema.json. Arrays are always present (empty, never
// null), so consumers need no null checks.
func renderJSON(w io.Writer, v *view) error {
	doc := jsonReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{Name: ToolName, Version: toolVersion(v.opts)},
		Target:        v.r.Target,
		Findings:      make([]jsonFinding, 0, len(v.findings)),
		Inputs:        nonNil(v.inputs),
		Problems:      nonNil(v.problems),
		Facts:         nonNil(v.facts),
		Notices:       v.r.Notices,
	}
	if v.r.From != "" {
		doc.From = &jsonFrom{Version: v.r.From, Source: v.r.FromSource}
	}
	for _, f := range v.findings {
		jf := jsonFinding{
			Rule:          f.Rule,
			Title:         v.ruleTitle(f.Rule),
			Severity:      f.Severity,
			Message:       f.Message,
			Location:      f.Location,
			Note:          f.Note,
			Detector:      f.Detector,
			LowConfidence: f.LowConfidence,
			Source:        f.Source,
			HelpURI:       v.ruleURL(f.Rule),
		}
		if f.Fix != nil {
			jf.Fix = &jsonFix{Description: f.Fix.Description, Edits: nonNil(f.Fix.Edits)}
		}
		doc.Findings = append(doc.Findings, jf)
	}
	c := v.counts()
	doc.Summary = jsonSummary{
		Findings:    len(v.findings),
		Errors:      c.errors,
		Warnings:    c.warnings,
		Infos:       c.infos,
		Worst:       "none",
		Inputs:      len(v.inputs),
		Problems:    len(v.problems),
		Unreachable: v.r.Unreachable(),
	}
	if wst := worst(v.findings); wst != 0 {
		doc.Summary.Worst = wst.String()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// worst returns the highest severity among fs, or 0.
func worst(fs []Finding) rules.Severity {
	var s rules.Severity
	for _, f := range fs {
		s = max(s, f.Severity)
	}
	return s
}

// toolVersion returns the tool version to record, "devel" when unset.
func toolVersion(o RenderOptions) string {
	if o.ToolVersion == "" {
		return "devel"
	}
	return o.ToolVersion
}

// nonNil returns s, or an empty slice for nil, so JSON gets [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
