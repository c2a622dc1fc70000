package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPartFails makes one part of check fail (a panic in the config
// part, an error in the code part) and checks that every output format
// names the failed part, keeps the other part's findings, and that the
// run exits 2.
func TestCheckPartFails(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		failing, kept string // part that fails; a rule the other part finds
		fault         func()
		want          string
	}{
		{"config", "EC3201", func() { panic("decoder blew up") }, "config part failed: internal error: decoder blew up"},
		{"code", "ES3701", nil, "code part failed: loader gave up"},
	} {
		for _, format := range []string{"text", "json", "sarif", "junit", "github", "markdown"} {
			t.Run(tc.failing+"/"+format, func(t *testing.T) {
				var out, errb bytes.Buffer
				env := &Env{
					Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: root,
					Getenv: func(string) string { return "" },
					partFault: func(part string) error {
						if part != tc.failing {
							return nil
						}
						if tc.fault != nil {
							tc.fault()
						}
						return errors.New("loader gave up")
					},
				}
				code := Main(context.Background(), env, []string{"check", "--target", "3.7", "--code", "testdata/sample/client",
					"--config-path", "testdata/sample", "--format", format})
				if code != ExitUsage {
					t.Errorf("exit %d, want %d\n%s", code, ExitUsage, errb.String())
				}
				if !strings.Contains(out.String(), tc.want) {
					t.Errorf("%s output does not say %q:\n%s", format, tc.want, out.String())
				}
				if !strings.Contains(out.String(), tc.kept) {
					t.Errorf("%s output lost the other part's %s finding:\n%s", format, tc.kept, out.String())
				}
			})
		}
	}
}
