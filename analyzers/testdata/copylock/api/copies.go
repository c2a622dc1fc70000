// Package copies copies etcd API messages and the client by value.
package copies

import (
	"context"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// cache keeps the last key-value and header by value.
type cache struct {
	last mvccpb.KeyValue
	hdr  pb.ResponseHeader
}

// wrapper keeps the client by value.
type wrapper struct {
	cli clientv3.Client
}

// Header reads the revision from a copy of the header.
func Header(resp *pb.RangeResponse) int64 {
	h := *resp.Header // copy
	return h.Revision
}

// Keys reads keys through pointers: no copy.
func Keys(resp *clientv3.GetResponse) []string {
	var out []string
	for _, kv := range resp.Kvs {
		out = append(out, string(kv.Key))
	}
	return out
}

// Values ranges over values.
func Values(kvs []mvccpb.KeyValue) int {
	n := 0
	for _, kv := range kvs { // copy
		n += len(kv.Value)
	}
	for i := range kvs {
		n += len(kvs[i].Key)
	}
	return n
}

// Store keeps a copy.
func Store(c *cache, kv *mvccpb.KeyValue) {
	c.last = *kv // copy
}

// Literal builds a cache from a copy.
func Literal(kv *mvccpb.KeyValue) *cache {
	return &cache{last: *kv} // copy
}

// Get copies a response.
func Get(ctx context.Context, cli *clientv3.Client) int64 {
	resp, err := cli.Get(ctx, "k")
	if err != nil {
		return 0
	}
	r := *resp // copy
	return r.Count
}

// Status copies a status response.
func Status(ctx context.Context, cli *clientv3.Client) string {
	s, err := cli.Status(ctx, "localhost:2379")
	if err != nil {
		return ""
	}
	st := *s // copy
	return st.Version
}

// Pass takes a message by value.
func Pass(kv mvccpb.KeyValue) int { // copy
	return len(kv.Key)
}

// Call passes a copy.
func Call(kv *mvccpb.KeyValue) int {
	return Pass(*kv) // copy
}

// Ret returns a copy; the result type itself is no copy.
func Ret(h *pb.ResponseHeader) pb.ResponseHeader {
	return *h // copy
}

// Rev has a receiver by value.
func (c cache) Rev() int64 { // copy
	return c.hdr.Revision
}

// Client wraps a copy of the client.
func Client(cli *clientv3.Client) *wrapper {
	w := wrapper{cli: *cli} // copy
	return &w
}

// Again copies the wrapper.
func Again(w *wrapper) int {
	again := *w // copy
	return len(again.cli.Endpoints())
}

var hook = func(h pb.ResponseHeader) {} // copy

// Appended appends a copy.
func Appended(kvs []mvccpb.KeyValue, kv *mvccpb.KeyValue) []mvccpb.KeyValue {
	return append(kvs, *kv) // copy
}

// Members copies members out of a map.
func Members(m map[uint64]pb.Member) int {
	n := 0
	for id := range m {
		mem := m[id] // copy
		n += len(mem.Name)
	}
	return n
}

// Fresh builds new values: no copy.
func Fresh() (*mvccpb.KeyValue, int) {
	kv := mvccpb.KeyValue{Key: []byte("k")}
	made := *newKV()
	hook(pb.ResponseHeader{})
	return &kv, len(made.Key)
}

func newKV() *mvccpb.KeyValue { return &mvccpb.KeyValue{} }

// Visitor declares a message parameter in an interface: no copy.
type Visitor interface {
	Visit(kv mvccpb.KeyValue)
}

// Watch ranges over watch responses and copies comparisons: 3.7's hold
// the header and the comparison by pointer, so no copy.
func Watch(ctx context.Context, cli *clientv3.Client) ([]clientv3.Cmp, int64) {
	var rev int64
	for wr := range cli.Watch(ctx, "k") {
		rev = wr.Header.Revision
	}
	c := clientv3.Compare(clientv3.Version("k"), ">", 0)
	again := c
	return []clientv3.Cmp{c, again}, rev
}

// Loop declares a message per iteration (Go 1.22 loop variables).
func Loop() int {
	n := 0
	for kv := value(); n < 2; n++ { // copy
		n += len(kv.Key)
	}
	return n
}

func value() mvccpb.KeyValue { return mvccpb.KeyValue{} }

// watchState keeps the last watch response by value: from 3.7 it holds
// its header by pointer, so copying it copies no message: no copy.
type watchState struct {
	last clientv3.WatchResponse
}

// Remember copies the watch state: no copy.
func Remember(s *watchState) int64 {
	again := *s
	return again.last.CompactRevision
}

// responses holds a GetResponse and a RangeResponse two levels down.
type responses struct {
	in held
}

type held struct {
	get clientv3.GetResponse
	rng pb.RangeResponse
}

// Responses copies both two levels down.
func Responses(r *responses) int64 {
	again := *r // copy
	return again.in.get.Count + again.in.rng.Count
}

// Inner copies one level down.
func Inner(r *responses) int64 {
	h := r.in // copy
	return h.get.Count
}

// Lookup copies a member out of a map with the comma-ok form, also when
// the value is discarded.
func Lookup(m map[uint64]pb.Member, id uint64) (string, bool) {
	if _, ok := m[id+1]; ok { // copy
		return "", true
	}
	mem, ok := m[id] // copy
	return mem.Name, ok
}

// Asserted copies a message out of an interface with the comma-ok form.
func Asserted(v any) int64 {
	kv, ok := v.(mvccpb.KeyValue) // copy
	if !ok {
		return 0
	}
	return kv.Version
}

// Leaders receives from a channel of Election.Observe held in a variable
// of inferred type: it carries pointers from 3.7, so no copy.
func Leaders(ctx context.Context, e *concurrency.Election) int64 {
	ch := e.Observe(ctx)
	var n int64
	for r := range ch {
		n += r.Count
	}
	return n
}
