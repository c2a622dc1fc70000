package main

import (
	"runtime/debug"
	"testing"
)

// TestLimitMemory: without GOMEMLIMIT or GOGC the soft limit is set to
// the floor; with either, the runtime's own setting stays.
func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	env := map[string]string{"GOMEMLIMIT": "1GiB"}
	stop := limitMemory(func(k string) string { return env[k] })
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set the limit moved to %d", got)
	}
	env = map[string]string{}
	stop = limitMemory(func(k string) string { return env[k] })
	stop()
	if got := debug.SetMemoryLimit(-1); got < memoryFloor {
		t.Errorf("limit %d, want at least the floor %d", got, memoryFloor)
	}
}

// TestHeadroom: the limit follows a live heap above the floor with a
// quarter more.
func TestHeadroom(t *testing.T) {
	for _, tt := range []struct{ live, want int64 }{
		{0, memoryFloor},
		{100 << 20, memoryFloor},
		{400 << 20, 500 << 20},
	} {
		if got := headroom(tt.live); got != tt.want {
			t.Errorf("headroom(%d) = %d, want %d", tt.live, got, tt.want)
		}
	}
}
