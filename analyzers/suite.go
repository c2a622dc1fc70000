// Package analyzers holds etcdlint's Go analyzers: go/analysis passes that
// find client and embed code an etcd upgrade breaks.
package analyzers

import "golang.org/x/tools/go/analysis"

// Config carries the etcd versions the suite checks between. Empty From
// means "infer it from go.mod or the import paths"; empty Target means the
// newest stable etcd the catalog knows.
type Config struct {
	From, Target string
}

// NewSuite returns a fresh set of analyzers configured by cfg. Each call
// returns new instances, so flag values never leak between runs.
func NewSuite(cfg Config) []*analysis.Analyzer {
	_ = cfg
	return nil
}

// Covered returns the IDs of the catalog rules the suite reports.
func Covered() []string { return nil }
