package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// The JUnit XML elements etcdlint writes (the common Ant/Surefire
// dialect that CI systems read).

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []*junitCase    `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	Errors    []junitFailure `xml:"error"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// renderJUnit writes JUnit XML: one test suite per input analysed (or
// not), one test case per finding with its <failure>, and one passed test
// case for an input with no finding, so a clean package shows as a passed
// test rather than as nothing. A problem (an input that could not be
// analysed) is a test case with an <error>. Findings that match no input
// get a suite named by their location.
func renderJUnit(w io.Writer, v *view) error {
	props := []junitProperty{}
	if v.r.From != "" {
		props = append(props, junitProperty{Name: "from", Value: v.r.From})
	}
	if v.r.FromSource != "" {
		props = append(props, junitProperty{Name: "from_source", Value: v.r.FromSource})
	}
	if v.r.Target != "" {
		props = append(props, junitProperty{Name: "target", Value: v.r.Target})
	}
	props = append(props, junitProperty{Name: "tool_version", Value: toolVersion(v.opts)})
	for _, n := range v.r.Notices {
		props = append(props, junitProperty{Name: "notice", Value: n})
	}

	type key struct {
		d    rules.Detector
		name string
	}
	suites := map[key]*junitSuite{}
	var order []key
	suite := func(d rules.Detector, name string) *junitSuite {
		k := key{d, name}
		if s := suites[k]; s != nil {
			return s
		}
		s := &junitSuite{Name: name, Properties: props}
		suites[k] = s
		order = append(order, k)
		return s
	}
	kinds := map[key]string{}
	for _, in := range v.inputs {
		suite(in.Detector, in.Name)
		kinds[key{in.Detector, in.Name}] = in.Kind
	}
	for _, f := range v.findings {
		name := matchInput(v.inputs, f)
		if name == "" {
			name = cmp.Or(f.Location.primary(), "(upgrade)")
		}
		s := suite(f.Detector, name)
		s.Cases = append(s.Cases, &junitCase{
			Name:      f.Rule + " " + cmp.Or(f.Location.position(), f.Location.primary(), "(upgrade)"),
			Classname: junitClass(f.Detector, f.Rule),
			Failures: []junitFailure{{
				Message: fmt.Sprintf("%s: %s", f.Rule, oneLine(f.Message)),
				Type:    f.Severity.String(),
				Body:    junitBody(v, f),
			}},
		})
	}
	for _, p := range v.problems {
		s := suite(p.Detector, p.Input)
		typ := "not-analysed"
		if p.Unreachable {
			typ = "unreachable"
		}
		s.Cases = append(s.Cases, &junitCase{
			Name:      "not analysed " + p.position(),
			Classname: junitClass(p.Detector, "input"),
			Errors: []junitFailure{{
				Message: "not analysed: " + oneLine(p.Message),
				Type:    typ,
				Body:    fmt.Sprintf("%s: %s\n", p.position(), p.Message),
			}},
		})
	}

	doc := junitSuites{Name: ToolName}
	slices.SortStableFunc(order, func(a, b key) int {
		return cmp.Or(cmp.Compare(detectorRank(a.d), detectorRank(b.d)), cmp.Compare(a.d, b.d), cmp.Compare(a.name, b.name))
	})
	for _, k := range order {
		s := suites[k]
		if len(s.Cases) == 0 {
			s.Cases = []*junitCase{{Name: k.name, Classname: junitClass(k.d, kinds[k])}}
		}
		for _, c := range s.Cases {
			s.Tests++
			if len(c.Failures) > 0 {
				s.Failures++
			}
			if len(c.Errors) > 0 {
				s.Errors++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, *s)
	}
	if len(v.inputs) == 0 {
		// Nothing was analysed: say so as an error, never an empty green
		// run.
		doc.Suites = append(doc.Suites, junitSuite{
			Name: ToolName, Tests: 1, Errors: 1, Properties: props,
			Cases: []*junitCase{{Name: "inputs", Classname: ToolName, Errors: []junitFailure{{
				Message: "nothing was analysed", Type: "nothing-analysed",
				Body: "no package, config file, endpoint or data dir was analysed\n",
			}}}},
		})
		doc.Tests++
		doc.Errors++
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// detectorRank orders suites as the product lists its detectors.
func detectorRank(d rules.Detector) int {
	if i := slices.Index(rules.Detectors, d); i >= 0 {
		return i
	}
	return len(rules.Detectors)
}

// junitClass is a test case's classname: "etcdlint.code.EC3401".
func junitClass(d rules.Detector, kind string) string {
	parts := []string{ToolName}
	if d != "" {
		parts = append(parts, string(d))
	}
	if kind != "" {
		parts = append(parts, kind)
	}
	return strings.Join(parts, ".")
}

// matchInput returns the name of the input a finding belongs to: the one
// of the finding's detector whose name is the finding's file, path or
// endpoint, or the longest directory containing the file. "" when none.
func matchInput(inputs []Input, f Finding) string {
	best := ""
	for _, in := range inputs {
		if f.Detector != "" && in.Detector != f.Detector {
			continue
		}
		l := f.Location
		if in.Dir != "" && l.File != "" && filepath.Dir(l.File) == filepath.Clean(in.Dir) {
			return in.Name // a file of this package
		}
		switch in.Name {
		case "":
			continue
		case l.File, l.Path, l.Endpoint:
			return in.Name
		}
		for _, p := range []string{l.File, l.Path} {
			if p != "" && strings.HasPrefix(p, strings.TrimSuffix(in.Name, string(filepath.Separator))+string(filepath.Separator)) && len(in.Name) > len(best) {
				best = in.Name
			}
		}
	}
	return best
}

// junitBody is the text of a failure: where, what, and what to do.
func junitBody(v *view, f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s\n", cmp.Or(f.Location.position(), "(upgrade)"), f.Rule, f.Message)
	if t := v.ruleTitle(f.Rule); t != "" {
		fmt.Fprintf(&b, "rule: %s\n", t)
	}
	fmt.Fprintf(&b, "severity: %s\n", f.Severity)
	if f.Fix != nil {
		fmt.Fprintf(&b, "fix: %s\n", f.Fix.Description)
	}
	if f.Note != "" {
		fmt.Fprintf(&b, "note: %s\n", f.Note)
	}
	if f.LowConfidence {
		b.WriteString("low confidence: made from syntax alone or an assumed version\n")
	}
	if u := v.ruleURL(f.Rule); u != "" {
		fmt.Fprintf(&b, "help: %s\n", u)
	}
	if f.Source != "" {
		fmt.Fprintf(&b, "source: %s\n", f.Source)
	}
	return b.String()
}
