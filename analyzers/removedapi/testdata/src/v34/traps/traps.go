package traps

import (
	"time"

	"go.etcd.io/etcd/clientv3"
)

func config() clientv3.Config {
	_ = clientv3.NewOp()     // want `func clientv3.NewOp exists in late 3.4 patches but on the 3.5 line only from etcd 3.5.3 \(from 3.4.0, target 3.5.2\): target 3.5.3 or later`
	_ = clientv3.AutoWatchID // want `const clientv3.AutoWatchID exists in late 3.4 patches but on the 3.5 line only from etcd 3.5.6`
	return clientv3.Config{
		MaxUnaryRetries:    3,           // want `field clientv3.Config.MaxUnaryRetries exists in late 3.4 patches but on the 3.5 line only from etcd 3.5.13`
		BackoffWaitBetween: time.Second, // want `field clientv3.Config.BackoffWaitBetween exists`
		Endpoints:          []string{"a"},
	}
}
