// Package lookalike has fields and functions named like removed etcd
// ones that are not etcd's.
package lookalike

import "github.com/coreos/etcd/embed"

// Config is a local type with etcd's old field names.
type Config struct {
	SnapCount int
	LPUrls    []string
	Debug     bool
}

// GetLogger is a local function.
func GetLogger() int { return 0 }

func use(e *embed.Etcd) {
	c := Config{SnapCount: 1, Debug: true}
	c.LPUrls = nil
	_ = GetLogger()
	_ = e
}
