package wal

import (
	"github.com/coreos/etcd/wal"
	"github.com/coreos/etcd/wal/walpb"
)

func open(dir string) error {
	w, err := wal.Open(dir, walpb.Snapshot{}) // want `wal.Open takes lg \*zap.Logger as argument 1 from etcd 3.4 .*: pass a \*zap.Logger first`
	_ = w
	if !wal.Repair(dir) { // want `wal.Repair takes lg \*zap.Logger`
		return err
	}
	return nil
}
