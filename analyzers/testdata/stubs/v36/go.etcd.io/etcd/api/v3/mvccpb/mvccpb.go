// Package mvccpb mirrors the API of go.etcd.io/etcd/api/v3/mvccpb v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package mvccpb

// Event_EventType is the type of an event.
type Event_EventType int32

// The event types.
const (
	PUT    Event_EventType = 0
	DELETE Event_EventType = 1
)

// Event is a key-value event.
type Event struct {
	Type Event_EventType
}

// KeyValue is a key-value pair.
type KeyValue struct {
	Key   []byte
	Value []byte
}
