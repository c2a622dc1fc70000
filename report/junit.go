package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
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

// renderJUnit writes JUnit XML: one test suite per detector, one test
// case per input analysed, a <failure> per finding in the input's test
// case and an <error> per problem (an input that could not be analysed).
// Findings that match no input (a file of a package, say) get a test case
// of their own location.
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

	suites := map[rules.Detector]*junitSuite{}
	cases := map[rules.Detector]map[string]*junitCase{}
	suite := func(d rules.Detector) *junitSuite {
		if s := suites[d]; s != nil {
			return s
		}
		name := ToolName
		if d != "" {
			name += " " + string(d)
		}
		s := &junitSuite{Name: name, Properties: props}
		suites[d] = s
		cases[d] = map[string]*junitCase{}
		return s
	}
	testcase := func(d rules.Detector, name, class string) *junitCase {
		s := suite(d)
		if c := cases[d][name]; c != nil {
			return c
		}
		c := &junitCase{Name: name, Classname: class}
		cases[d][name] = c
		s.Cases = append(s.Cases, c)
		return c
	}
	for _, in := range v.inputs {
		testcase(in.Detector, in.Name, junitClass(in.Detector, in.Kind))
	}

	for _, f := range v.findings {
		name := matchInput(v.inputs, f)
		if name == "" {
			name = f.Location.primary()
			if name == "" {
				name = "(upgrade)"
			}
		}
		c := testcase(f.Detector, name, junitClass(f.Detector, "location"))
		c.Failures = append(c.Failures, junitFailure{
			Message: fmt.Sprintf("%s: %s", f.Rule, oneLine(f.Message)),
			Type:    f.Severity.String(),
			Body:    junitBody(v, f),
		})
	}
	for _, p := range v.problems {
		c := testcase(p.Detector, p.Input, junitClass(p.Detector, "input"))
		typ := "not-analysed"
		if p.Unreachable {
			typ = "unreachable"
		}
		c.Errors = append(c.Errors, junitFailure{
			Message: "not analysed: " + oneLine(p.Message),
			Type:    typ,
			Body:    fmt.Sprintf("%s: %s\n", p.position(), p.Message),
		})
	}

	doc := junitSuites{Name: ToolName}
	order := slices.Collect(maps.Keys(suites))
	slices.SortFunc(order, func(a, b rules.Detector) int {
		return cmp.Or(cmp.Compare(detectorRank(a), detectorRank(b)), cmp.Compare(a, b))
	})
	for _, d := range order {
		s := suites[d]
		slices.SortStableFunc(s.Cases, func(a, b *junitCase) int { return cmp.Compare(a.Name, b.Name) })
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
	if len(doc.Suites) == 0 {
		// Nothing was analysed: say so as an error, never an empty green
		// run.
		doc.Suites = []junitSuite{{
			Name: ToolName, Tests: 1, Errors: 1, Properties: props,
			Cases: []*junitCase{{Name: "inputs", Classname: ToolName, Errors: []junitFailure{{
				Message: "nothing was analysed", Type: "nothing-analysed",
				Body: "no package, config file, endpoint or data dir was analysed\n",
			}}}},
		}}
		doc.Tests, doc.Errors = 1, 1
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

// junitClass is a test case's classname: "etcdlint.code.package".
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
