// Package migrated marshals with a proto package and local types: no
// finding.
package migrated

import (
	"github.com/gogo/protobuf/proto"
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
)

type local struct{}

func (local) Marshal() ([]byte, error) { return nil, nil }
func (local) Reset()                   {}
func (local) String() string           { return "" }
func (local) ProtoMessage()            {}

func encode(h *pb.ResponseHeader) ([]byte, error) {
	_ = h.GetRevision()
	_, _ = local{}.Marshal()
	return proto.Marshal(local{})
}
