// Package lookalike has SetLogger calls that are not clientv3's.
package lookalike

import (
	"log"
	"os"

	"github.com/coreos/etcd/clientv3"
)

type registry struct{}

func (registry) SetLogger(l *log.Logger) {}

// SetLogger is a local function with the same name.
func SetLogger(l *log.Logger) {}

func setup() {
	var r registry
	r.SetLogger(log.New(os.Stderr, "", 0))
	SetLogger(log.New(os.Stderr, "", 0))
	// clientv3.SetLogger(log.New(os.Stderr, "", 0)) in a comment
	_ = "clientv3.SetLogger(log.New(os.Stderr, \"\", 0))"
	_ = clientv3.Config{}
}

func shadowed() {
	clientv3 := registry{}
	clientv3.SetLogger(log.New(os.Stderr, "", 0))
}
