package configcheck

import (
	"fmt"
	"path/filepath"
	"strings"
)

// whereFrom names the position of s for a message about a finding in
// file from: "line 5" in the same file, otherwise the path relative to
// from's directory ("etcd.service.d/10-cluster.conf:5"), so messages
// carry no absolute path of the machine the check ran on.
func whereFrom(from string, s *setting) string {
	if s.src.name == from {
		return fmt.Sprintf("line %d", s.at.line)
	}
	name := s.src.name
	if rel, err := filepath.Rel(filepath.Dir(from), name); err == nil && (filepath.IsAbs(name) == filepath.IsAbs(from)) && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		name = filepath.ToSlash(rel)
	} else if filepath.IsAbs(name) {
		name = filepath.Base(name)
	}
	return fmt.Sprintf("%s:%d", name, s.at.line)
}
