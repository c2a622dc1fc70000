// Package proto mirrors the API of github.com/gogo/protobuf/proto v1.3.2
// for etcdlint's analyzer tests: only the declarations the tests use are
// kept, with their real signatures.
package proto

// Message is implemented by generated protocol buffer messages.
type Message interface {
	Reset()
	String() string
	ProtoMessage()
}

// Marshal takes a protocol buffer message and encodes it into the wire format.
func Marshal(pb Message) ([]byte, error) { return nil, nil }
