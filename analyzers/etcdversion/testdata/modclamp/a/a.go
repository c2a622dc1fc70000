// Package a imports only client/v3: the 3.3 requirement in go.mod does not
// make it 3.3 code.
package a // want `from 3.5.0, target 3.7.\d+`

import clientv3 "go.etcd.io/etcd/client/v3"

var _ clientv3.Config
