package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Memory limit: loading and type-checking a large module from source
// makes the heap grow fast, and the garbage collector's default pacing
// (a heap goal of twice the live heap of the last cycle, measured while
// the heap still grows) lets the process reach several times the memory
// it keeps. A soft limit keeps the heap near what is live; it follows the
// live heap up, so that a run whose live heap outgrows the floor gets
// headroom in proportion instead of collecting without pause.
const (
	// memoryFloor is the soft limit of a run whose live heap stays
	// small.
	memoryFloor = 192 << 20
	// memoryPoll is how often the live heap is read.
	memoryPoll = 100 * time.Millisecond
)

// limitMemory sets the soft memory limit unless the environment sets
// GOMEMLIMIT or GOGC (which then rule as usual); the returned function
// stops following the live heap.
func limitMemory(getenv func(string) string) (stop func()) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return func() {}
	}
	limit := int64(memoryFloor)
	debug.SetMemoryLimit(limit)
	done := make(chan struct{})
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(memoryPoll)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if want := headroom(int64(sample[0].Value.Uint64())); want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() { close(done) }
}

// headroom is the soft limit for a live heap of live bytes: a quarter
// more, and never below the floor.
func headroom(live int64) int64 {
	return max(memoryFloor, live+live/4)
}
