// Package buckets mirrors the API of go.etcd.io/etcd/server/v3/mvcc/buckets v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package buckets

// Bucket is a bbolt bucket.
type Bucket interface{}
