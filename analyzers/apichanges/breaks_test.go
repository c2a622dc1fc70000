package apichanges

import "testing"

func TestMentionsUnexported(t *testing.T) {
	for decl, want := range map[string]bool{
		"func(*sessionOptions)":                              true,
		"func(*sessionOptions, *go.uber.org/zap.Logger)":     true,
		"func(context.Context) (*MemberListResponse, error)": false,
		"func([]raft/raftpb.Entry, EntryFormatter) string":   false,
		"func(uint64, bool) map[string]int":                  false,
	} {
		if got := mentionsUnexported(decl); got != want {
			t.Errorf("mentionsUnexported(%q) = %v, want %v", decl, got, want)
		}
	}
}
