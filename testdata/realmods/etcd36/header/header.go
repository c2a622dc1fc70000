// Package header keeps copies of response headers for logging.
package header

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
)

// Copy returns the header by value.
func Copy(h *pb.ResponseHeader) pb.ResponseHeader {
	return *h
}
