// Package lookalike calls functions named NewFromConfigFile that are not
// clientv3's.
package lookalike

import "github.com/coreos/etcd/clientv3"

// NewFromConfigFile is a local function with the same name.
func NewFromConfigFile(path string) (*clientv3.Client, error) { return clientv3.NewFromURL(path) }

type loader struct{}

func (loader) NewFromConfigFile(path string) error { return nil }

func use() {
	_, _ = NewFromConfigFile("x.yaml")
	_ = loader{}.NewFromConfigFile("x.yaml")
}
