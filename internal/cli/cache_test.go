package cli

import (
	"path/filepath"
	"runtime"
	"testing"
)

// TestResultCacheDir: ETCDLINT_CACHE names the cache or turns it off;
// without it the cache sits in the user's cache directory, found from
// the environment given (an empty one means no cache).
func TestResultCacheDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the default location is checked for Linux")
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, ""},
		{map[string]string{"ETCDLINT_CACHE": "off", "HOME": "/home/u"}, ""},
		{map[string]string{"ETCDLINT_CACHE": "/tmp/c", "HOME": "/home/u"}, "/tmp/c"},
		{map[string]string{"HOME": "/home/u"}, filepath.Join("/home/u", ".cache", "etcdlint")},
		{map[string]string{"HOME": "/home/u", "XDG_CACHE_HOME": "/xdg"}, filepath.Join("/xdg", "etcdlint")},
		{map[string]string{"HOME": "/home/u", "XDG_CACHE_HOME": "relative"}, filepath.Join("/home/u", ".cache", "etcdlint")},
	} {
		if got := resultCacheDir(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %q, want %q", c.env, got, c.want)
		}
	}
}
