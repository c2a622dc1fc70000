// Package adt mirrors the API of github.com/coreos/etcd/pkg/adt v3.2.32 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package adt

// IntervalTree represents a (mostly) textbook implementation of the
// "Introduction to Algorithms" (Cormen et al, 2nd ed.) chapter 13 red-black tree
// and chapter 14.3 interval tree with search supporting "stabbing queries".
type IntervalTree struct {
	root  *intervalNode
	count int
}

type intervalNode struct{}

// Len gives the number of elements in the tree
func (ivt *IntervalTree) Len() int { return ivt.count }
