package a

import (
	"errors"
	"fmt"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc"
)

func dial() error {
	_, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
	if err == grpc.ErrClientConnTimeout { // want `grpc.ErrClientConnTimeout is never returned by clientv3 3.2.10\+ \(from 3.0.0, target 3.7.\d+\): compare with context.DeadlineExceeded`
		return fmt.Errorf("timeout: %w", err)
	}
	if err != grpc.ErrClientConnTimeout { // want `grpc.ErrClientConnTimeout is never returned`
		return err
	}
	switch err {
	case grpc.ErrClientConnTimeout: // want `grpc.ErrClientConnTimeout is never returned`
		return nil
	}
	if errors.Is(err, grpc.ErrClientConnTimeout) { // want `grpc.ErrClientConnTimeout is never returned`
		return nil
	}
	return err
}

var kinds = map[error]string{
	grpc.ErrClientConnTimeout: "timeout", // want `grpc.ErrClientConnTimeout is never returned`
}

var stored = grpc.ErrClientConnTimeout // want `grpc.ErrClientConnTimeout is never returned`

func closing(err error) bool {
	return err == grpc.ErrClientConnClosing // want `grpc.ErrClientConnClosing is never returned by clientv3 3.4\+ .*: use clientv3.IsConnCanceled`
}

func suppressed(err error) bool {
	//etcdlint:ignore EC3202 only logged, never compared for control flow
	return err == grpc.ErrClientConnTimeout
}

// Comments and strings mention grpc.ErrClientConnTimeout without a finding.
const msg = "grpc.ErrClientConnTimeout"
