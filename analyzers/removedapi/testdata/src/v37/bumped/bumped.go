// Package bumped was written for 3.4 but its go.mod already requires the
// 3.7 client: it no longer type-checks, and the findings come from syntax.
package bumped

import clientv3 "go.etcd.io/etcd/client/v3"

var lg = clientv3.GetLogger() // want `func clientv3.GetLogger is removed in etcd 3.5 \(from 3.4.0, target 3.7.\d+\): .* \(from syntax only\)`
