package codes

import (
	"go.etcd.io/etcd/clientv3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func retry(err error) bool {
	_ = clientv3.Config{}
	if status.Code(err) == codes.Unknown { // want `clientv3 reports cancelled and timed-out contexts as codes.Canceled and codes.DeadlineExceeded from etcd 3.5, not codes.Unknown \(from 3.4.0,`
		return true
	}
	switch status.Code(err) {
	case codes.Unknown: // want `not codes.Unknown`
		return true
	case codes.DeadlineExceeded:
		return false
	}
	return false
}
