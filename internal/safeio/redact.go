package safeio

import (
	"regexp"
	"strings"
)

// urlCredentials matches the password of a URL's user info
// (scheme://user:password@host): the user stays, the password goes.
var urlCredentials = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/\s@:'"]*):[^@\s/'"]*@`)

// Redacted replaces what stands for a password in s: the password of
// every URL with user info. Text without one is returned unchanged.
func Redacted(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return urlCredentials.ReplaceAllString(s, "${1}:REDACTED@")
}
