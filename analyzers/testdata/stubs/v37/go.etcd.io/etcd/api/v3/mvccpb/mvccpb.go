// Package mvccpb mirrors the API of go.etcd.io/etcd/api/v3/mvccpb v3.7.3 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package mvccpb

// Event_EventType is the type of an event.
type Event_EventType int32

// The event types.
const (
	Event_PUT    Event_EventType = 0
	Event_DELETE Event_EventType = 1
)

// Deprecated: use Event_PUT. Will be removed in v3.8.
const PUT = Event_PUT
