package analyzers

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/apichanges"
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
	"github.com/etcdlint/etcdlint/rules"
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
	{protomethods.New, []string{protomethods.API, protomethods.Raft, protomethods.Client}},
	{typechanges.New, []string{typechanges.Cmp, typechanges.Header, typechanges.Event, typechanges.Chans}},
	{godeps.New, []string{godeps.GRPC32, godeps.GRPC34, godeps.Go35, godeps.Go36, godeps.Go37}},
	{newAPIChanges, apichanges.Rules()},
}

func newAPIChanges(env lint.Env) *analysis.Analyzer { return apichanges.New(env, HandledElsewhere) }

// HandledElsewhere reports whether a family above reports changes to the
// etcd name itself, with advice specific to it: the generated API table's
// analyzer then leaves it alone.
// applies says which rules apply between the versions checked.
func HandledElsewhere(c rules.APIChange, applies func(id string) bool) bool {
	canon, typ, name := c.Package, c.Type, c.Name
	if removedapi.Covers(canon, typ, name, c.Lands(), applies) || typ == "" && signatures.Covers(canon, name, c.Lands()) {
		return true
	}
	switch {
	case canon == "clientv3" && typ == "" && (name == "SetLogger" || name == "NewFromConfigFile" || name == "Logger"):
		return true // setlogger, configfile
	case canon == "clientv3" && (typ == "Cmp" || name == "Cmp" || typ == "WatchResponse" && name == "Header" || typ == "Event" || name == "Event"):
		return true // typechanges
	case canon == "clientv3/concurrency" && typ == "Election" && name == "Observe":
		return true // typechanges
	case canon == "clientv3" && typ == "Lease" && name == "TimeToLive":
		return true // leasettl
	case c.Kind == "imethod" && ifacemethods.ServerInterface(canon, typ) && c.Lands().Major == 3 && c.Lands().Minor == 7:
		// ifacemethods (EC3707): implementations must embed
		// Unimplemented<X>Server. The streaming methods that "change"
		// in 3.7 take aliases of the old parameter types: only the
		// embed (and KVServer.RangeStream) breaks an implementation.
		return true
	case protomethods.Removed(name) && typ != "" && (strings.HasSuffix(canon, "pb") || strings.Contains(canon, "pb/")):
		return true // protomethods
	}
	return false
}
