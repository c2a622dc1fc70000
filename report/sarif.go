package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/etcdlint/etcdlint/rules"
)

// SARIF constants.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// srcRoot is the uriBaseId of paths relative to the work directory.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names etcdlint's entry in partialFingerprints; the
	// "/v1" changes if the fingerprint's inputs ever change.
	fingerprintKey = "etcdlint/v1"
)

// The SARIF 2.1.0 objects etcdlint writes (a subset of the standard).

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Properties         map[string]string           `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	SemanticVersion string            `json:"semanticVersion,omitempty"`
	InformationURI  string            `json:"informationUri"`
	Rules           []sarifDescriptor `json:"rules"`
}

type sarifDescriptor struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           *sarifRuleProps    `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags            []string `json:"tags,omitempty"`
	ProblemSeverity string   `json:"problem.severity,omitempty"`
	Since           string   `json:"since,omitempty"`
	Source          string   `json:"source,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	WorkingDirectory           *sarifArtifactLoc   `json:"workingDirectory,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// renderSARIF writes a SARIF 2.1.0 log with one run. Every result has a
// physical location (GitHub code scanning rejects the whole file
// otherwise): files inside the work directory are relative to %SRCROOT%,
// other files and data dirs are file: URIs, and endpoints, members and
// location-less findings get a relative name of their own plus a logical
// location.
func renderSARIF(w io.Writer, v *view) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           ToolName,
			Version:        sarifToolVersion(toolVersion(v.opts)),
			InformationURI: ToolURI,
			Rules:          []sarifDescriptor{},
		}},
		Results: make([]sarifResult, 0, len(v.findings)),
	}
	if ver := run.Tool.Driver.Version; semverRE.MatchString(ver) {
		run.Tool.Driver.SemanticVersion = ver
	}
	if dir := v.opts.WorkDir; filepath.IsAbs(dir) {
		root := fileURI(dir)
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: root}}
	}
	props := map[string]string{}
	if v.r.Target != "" {
		props["target"] = v.r.Target
	}
	if v.r.From != "" {
		props["from"] = v.r.From
		if v.r.FromSource != "" {
			props["fromSource"] = v.r.FromSource
		}
	}
	if len(props) > 0 {
		run.Properties = props
	}

	// Rules: those the findings reference, sorted by ID.
	var ids []string
	for _, f := range v.findings {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	index := map[string]int{}
	for i, id := range ids {
		index[id] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(id, v.rule(id)))
	}

	seen := map[string]int{}
	for _, f := range v.findings {
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: sarifMessage(f)},
			Locations: []sarifLocation{sarifFindingLocation(f.Location)},
		}
		key := fingerprintInput(f)
		seen[key]++
		res.PartialFingerprints = map[string]string{fingerprintKey: fingerprint(key, seen[key])}
		if fix := sarifFixOf(f.Fix); fix != nil {
			res.Fixes = []sarifFix{*fix}
		}
		p := map[string]any{}
		if f.Detector != "" {
			p["detector"] = string(f.Detector)
		}
		if f.LowConfidence {
			p["lowConfidence"] = true
		}
		if f.Location.Endpoint != "" {
			p["endpoint"] = f.Location.Endpoint
		}
		if f.Location.Member != "" {
			p["member"] = f.Location.Member
		}
		if f.Source != "" {
			p["source"] = f.Source
		}
		if len(p) > 0 {
			res.Properties = p
		}
		run.Results = append(run.Results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: len(v.inputs) > 0 && !slices.ContainsFunc(v.problems, func(p Problem) bool { return !p.Skipped })}
	if dir := v.opts.WorkDir; filepath.IsAbs(dir) {
		inv.WorkingDirectory = &sarifArtifactLoc{URI: run.OriginalURIBaseIDs[srcRoot].URI}
	}
	if len(v.inputs) == 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "error",
			Message: sarifText{Text: "nothing was analysed: no package, config file, endpoint or data dir"},
		})
	}
	for _, msg := range v.r.Notices {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "warning", Message: sarifText{Text: msg},
		})
	}
	for _, p := range v.problems {
		n := sarifNotification{
			Level:   "error",
			Message: sarifText{Text: fmt.Sprintf("not analysed: %s: %s", p.position(), p.Message)},
		}
		if p.Skipped {
			n.Level = "warning"
			n.Message.Text = fmt.Sprintf("skipped: %s: %s", p.position(), p.Message)
		}
		if p.Line > 0 && !strings.Contains(p.Input, "://") {
			n.Locations = []sarifLocation{{PhysicalLocation: &sarifPhysical{
				ArtifactLocation: artifactFor(p.Input),
				Region:           &sarifRegion{StartLine: p.Line},
			}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifToolVersion drops the "v" of a Go module version ("v0.1.0" →
// "0.1.0"): SARIF consumers compare versions that start with a number.
func sarifToolVersion(v string) string {
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		return v[1:]
	}
	return v
}

// semverRE matches a semantic version (semver.org) without a "v".
var semverRE = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// sarifRule builds the reporting descriptor of a rule. GitHub requires
// fullDescription and help, so rules the catalog does not know get
// generic ones.
func sarifRule(id string, r *rules.Rule) sarifDescriptor {
	if r == nil {
		text := "etcdlint rule " + id
		return sarifDescriptor{
			ID:                   id,
			ShortDescription:     sarifText{Text: text},
			FullDescription:      sarifText{Text: text},
			Help:                 sarifHelp{Text: "Run `etcdlint rules " + id + "` for details."},
			DefaultConfiguration: sarifConfiguration{Level: "warning"},
		}
	}
	d := sarifDescriptor{
		ID:                   r.ID,
		Name:                 ruleName(r),
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: strings.TrimSpace(r.Changed)},
		Help:                 sarifHelp{Text: ruleHelpText(r), Markdown: ruleHelpMarkdown(r)},
		HelpURI:              r.URL(),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties: &sarifRuleProps{
			Tags:            ruleTags(r),
			ProblemSeverity: problemSeverity(r.Severity),
			Since:           r.Since,
			Source:          r.Source,
		},
	}
	return d
}

// ruleName turns a rule's title into an identifier-like name
// ("upgrade one minor version at a time" → UpgradeOneMinorVersionAtATime).
func ruleName(r *rules.Rule) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(r.Title, func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	}) {
		rs := []rune(word)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	if b.Len() == 0 || !unicode.IsLetter([]rune(b.String())[0]) {
		return r.ID + b.String()
	}
	return b.String()
}

func ruleTags(r *rules.Rule) []string {
	tags := []string{"etcd-upgrade"}
	for _, s := range r.Surfaces {
		tags = append(tags, string(s))
	}
	return tags
}

func ruleHelpText(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s", strings.TrimSpace(r.Changed), strings.TrimSpace(r.Action))
	if r.Source != "" {
		fmt.Fprintf(&b, "\n\nSource: %s", r.Source)
	}
	return b.String()
}

func ruleHelpMarkdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n**What to do:** %s\n", strings.TrimSpace(r.Changed), strings.TrimSpace(r.Action))
	if r.Before != "" {
		fmt.Fprintf(&b, "\nBefore:\n\n%s\n", fence(r.Before))
	}
	if r.After != "" {
		fmt.Fprintf(&b, "\nAfter:\n\n%s\n", fence(r.After))
	}
	if r.Source != "" {
		fmt.Fprintf(&b, "\nSource: <%s>\n", r.Source)
	}
	return b.String()
}

// fence wraps s in a code fence longer than any backtick run inside it.
func fence(s string) string {
	n := 3
	for run, i := 0, 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			n = max(n, run+1)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", n)
	return f + "\n" + strings.TrimRight(s, "\n") + "\n" + f
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Info:
		return "note"
	}
	return "warning"
}

// problemSeverity maps a severity to GitHub's problem.severity property.
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Info:
		return "recommendation"
	}
	return "warning"
}

// sarifMessage is the result text: the message, then the note and an
// advice-only fix (SARIF fixes need edits), each on its own line.
func sarifMessage(f Finding) string {
	msg := f.Message
	if f.Note != "" {
		msg += "\n" + f.Note
	}
	if f.Fix != nil && f.Fix.Description != "" {
		msg += "\nFix: " + f.Fix.Description
	}
	return msg
}

// sarifFindingLocation returns the location of a finding. GitHub needs a
// physicalLocation with an artifactLocation.uri on every result.
func sarifFindingLocation(l Location) sarifLocation {
	switch {
	case l.File != "":
		loc := sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: artifactFor(l.File)}}
		if l.Line > 0 {
			r := &sarifRegion{StartLine: l.Line, StartColumn: l.Column}
			if l.EndLine >= l.Line {
				r.EndLine = l.EndLine
				if l.EndColumn > 0 && (l.EndLine > l.Line || l.EndColumn >= max(l.Column, 1)) {
					r.EndColumn = l.EndColumn
				}
			}
			loc.PhysicalLocation.Region = r
		}
		return loc
	case l.Path != "":
		return sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: artifactFor(l.Path)}}
	case l.Endpoint != "":
		name := l.Endpoint
		if l.Member != "" {
			name = l.Member
		}
		return sarifLocation{
			PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: endpointURI(l.Endpoint)}},
			LogicalLocations: []sarifLogical{{Name: name, FullyQualifiedName: l.Endpoint, Kind: "resource"}},
		}
	case l.Member != "":
		return sarifLocation{
			PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: "member/" + escapeSegment(l.Member)}},
			LogicalLocations: []sarifLogical{{Name: l.Member, Kind: "resource"}},
		}
	}
	// A finding about the upgrade as a whole: anchor it at the project root.
	return sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: ".", URIBaseID: srcRoot}}}
}

// artifactFor returns the artifact location of a path as the view holds
// it: relative paths (inside the work directory) resolve against
// %SRCROOT%; absolute paths become file: URIs.
func artifactFor(p string) sarifArtifactLoc {
	if filepath.IsAbs(p) {
		return sarifArtifactLoc{URI: fileURI(p)}
	}
	return sarifArtifactLoc{URI: relativeURI(p), URIBaseID: srcRoot}
}

// relativeURI escapes a relative path as a URI reference: forward
// slashes, each segment percent-encoded (spaces, '%', '#', '?', non-ASCII
// and ':' — a colon in the first segment would read as a scheme).
func relativeURI(p string) string {
	segs := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range segs {
		segs[i] = escapeSegment(s)
	}
	return strings.Join(segs, "/")
}

// escapeSegment percent-encodes one path segment, colons included.
func escapeSegment(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// fileURI returns the file: URI of an absolute path.
func fileURI(p string) string {
	s := filepath.ToSlash(p)
	if !strings.HasPrefix(s, "/") {
		s = "/" + s // C:/x → /C:/x
	}
	return (&url.URL{Scheme: "file", Path: s}).String()
}

// endpointURI returns a relative URI naming an endpoint ("host:port",
// escaped). It is not a file in the repository, and it must not be an
// absolute http(s) URI: GitHub rejects absolute URIs whose scheme differs
// from the source root's.
func endpointURI(ep string) string {
	name := ep
	if u, err := url.Parse(ep); err == nil && u.Scheme != "" && (u.Host != "" || u.Path != "") {
		name = u.Host + strings.TrimRight(u.Path, "/")
	}
	name = strings.Trim(name, "/")
	if name == "" {
		name = "endpoint"
	}
	return relativeURI(name)
}

// sarifFixOf converts a fix with edits into a SARIF fix, one artifact
// change per file. Advice-only fixes have no SARIF form (artifactChanges
// must not be empty); their description goes into the message.
func sarifFixOf(fix *Fix) *sarifFix {
	if fix == nil || len(fix.Edits) == 0 {
		return nil
	}
	edits := slices.Clone(fix.Edits)
	slices.SortStableFunc(edits, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Start, b.Start))
	})
	out := &sarifFix{Description: sarifText{Text: fix.Description}}
	for _, e := range edits {
		n := len(out.ArtifactChanges)
		if n == 0 || out.ArtifactChanges[n-1].ArtifactLocation != artifactFor(e.File) {
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifactFor(e.File)})
			n++
		}
		var region sarifRegion
		if e.Line > 0 && e.EndLine > 0 {
			region = sarifRegion{StartLine: e.Line, StartColumn: max(e.Column, 1), EndLine: e.EndLine, EndColumn: max(e.EndColumn, 1)}
		} else {
			off, length := e.Start, max(e.End-e.Start, 0)
			region = sarifRegion{ByteOffset: &off, ByteLength: &length}
		}
		rep := sarifReplacement{DeletedRegion: region}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		out.ArtifactChanges[n-1].Replacements = append(out.ArtifactChanges[n-1].Replacements, rep)
	}
	return out
}

// fingerprintInput is what identifies a finding across runs: the rule,
// where (file, endpoint, member or path — not the line, which moves as
// code is edited) and the message.
func fingerprintInput(f Finding) string {
	l := f.Location
	return strings.Join([]string{f.Rule, filepath.ToSlash(l.File), l.Endpoint, l.Member, filepath.ToSlash(l.Path), f.Message}, "\x00")
}

// fingerprint hashes a finding's identity and its occurrence number (the
// nth identical finding in the same place).
func fingerprint(key string, n int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
	return hex.EncodeToString(sum[:16])
}
