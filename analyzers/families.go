package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/configfile"
	"github.com/etcdlint/etcdlint/analyzers/godeps"
	"github.com/etcdlint/etcdlint/analyzers/grpcerrors"
	"github.com/etcdlint/etcdlint/analyzers/ifacemethods"
	"github.com/etcdlint/etcdlint/analyzers/importpath"
	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/analyzers/leasettl"
	"github.com/etcdlint/etcdlint/analyzers/protomethods"
	"github.com/etcdlint/etcdlint/analyzers/removedapi"
	"github.com/etcdlint/etcdlint/analyzers/setlogger"
	"github.com/etcdlint/etcdlint/analyzers/signatures"
	"github.com/etcdlint/etcdlint/analyzers/typechanges"
	"github.com/etcdlint/etcdlint/analyzers/withblock"
)

// A family is one rule analyzer and the rules it reports.
type family struct {
	New   func(lint.Env) *analysis.Analyzer
	Rules []string
}

// families lists the rule analyzers of the suite, in the order the
// research lists their rules. Rules with a "code" detector that no family
// reports fail the suite test.
var families = []family{
	{setlogger.New, []string{setlogger.Rule}},
	{grpcerrors.New, []string{grpcerrors.Timeout, grpcerrors.Closing, grpcerrors.Unknown}},
	{leasettl.New, []string{leasettl.Rule}},
	{configfile.New, []string{configfile.Rule}},
	{signatures.New, signatures.Rules()},
	{importpath.New, importpath.Rules()},
	{removedapi.New, removedapi.Rules()},
	{ifacemethods.New, ifacemethods.Rules()},
	{withblock.New, []string{withblock.NoBlock, withblock.Ignored}},
	{protomethods.New, []string{protomethods.API, protomethods.Raft}},
	{typechanges.New, []string{typechanges.Cmp, typechanges.Header, typechanges.Event, typechanges.Chans}},
	{godeps.New, []string{godeps.GRPC32, godeps.GRPC34, godeps.Go35, godeps.Go36, godeps.Go37}},
}
