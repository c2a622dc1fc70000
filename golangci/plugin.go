// Package golangci is the golangci-lint module plugin of etcdlint: it runs
// etcdlint's code analyzers as the custom linter "etcdlint" inside a
// golangci-lint binary built with `golangci-lint custom`.
//
// golangci-lint finds module plugins only through the registration the
// plugin package performs when it is imported, so this package, unlike the
// rest of etcdlint, registers itself in init.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/internal/ruletext"
	"github.com/etcdlint/etcdlint/rules"
)

// Name is the linter name to enable in .golangci.yml.
const Name = "etcdlint"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml
// (linters.settings.custom.etcdlint.settings).
type Settings struct {
	// Target is the etcd version to upgrade to (X.Y or X.Y.Z); empty
	// means the newest stable release etcdlint knows.
	Target string `json:"target"`
	// From is the etcd version upgraded from; empty means infer it from
	// go.mod or the import paths.
	From string `json:"from"`
}

// Plugin is the etcdlint linter plugin.
type Plugin struct {
	cfg analyzers.Config
	cat *rules.Catalog
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New returns the plugin configured by the raw settings golangci-lint
// passes (nil for none). It rejects unknown settings and versions the rule
// catalog does not know.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("etcdlint settings: %w", err)
	}
	cat, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("etcdlint rule catalog: %w", err)
	}
	cfg := analyzers.Config{}
	if s.Target != "" {
		v, err := rules.ParseVersion(s.Target)
		if err != nil {
			return nil, fmt.Errorf("etcdlint settings: target: %w", err)
		}
		if v, err = cat.Resolve(v); err != nil {
			return nil, fmt.Errorf("etcdlint settings: target: %w", err)
		}
		cfg.Target = v.String()
	}
	if s.From != "" {
		v, err := rules.ParseVersion(s.From)
		if err != nil {
			return nil, fmt.Errorf("etcdlint settings: from: %w", err)
		}
		if _, err := cat.Resolve(v); err != nil {
			return nil, fmt.Errorf("etcdlint settings: from: %w", err)
		}
		cfg.From = v.String()
	}
	return &Plugin{cfg: cfg, cat: cat}, nil
}

// BuildAnalyzers returns a fresh etcdlint analyzer suite merged into one
// analyzer named after the linter, whose messages start with the rule ID
// (golangci-lint's own SARIF and JSON name the linter, not the rule, and
// it prefixes the text with the analyzer's name unless that is the
// linter's) and carry their notes, as under go vet.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	suite := ruletext.Apply(analyzers.NewSuite(p.cfg), p.cat)
	return []*analysis.Analyzer{ruletext.Merge(Name, suite)}, nil
}

// GetLoadMode asks golangci-lint for type information: the analyzers
// recognise etcd APIs by their types where the code type-checks.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
