package tomlx

import (
	"strings"
	"testing"
)

type doc struct {
	Name string `toml:"name"`
	Item []struct {
		ID   string `toml:"id"`
		Text string `toml:"text"`
	} `toml:"item"`
	Sub struct {
		N int `toml:"n"`
	} `toml:"sub"`
}

func TestDecodeReportsLines(t *testing.T) {
	tests := []struct{ src, want string }{
		{"name = \"x\"\n", ""},
		{"name = \"x\"\nnope = 1\n", `f.toml:2: unknown key "nope"`},
		// The second item's unknown key is found on its own line, past a
		// multi-line string that contains a look-alike line.
		{"[[item]]\nid = \"a\"\ntext = \"\"\"\nextra = 1\n\"\"\"\n\n[[item]]\nid = \"b\"\nextra = 2\n", `f.toml:9: unknown key "item.extra"`},
		{"[sub]\nn = 1\nm = 2\n", `f.toml:3: unknown key "sub.m"`},
		{"[sub]\nn = \"one\"\n", `f.toml:2: sub.n: incompatible types`},
		{"name = \n", "f.toml:1:"},
		{"name = \"x\"\nname = \"y\"\n", "f.toml:2:"},
	}
	for _, tt := range tests {
		var d doc
		_, err := Decode("f.toml", []byte(tt.src), &d)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Decode(%q): %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Decode(%q) error = %v, want it to contain %q", tt.src, err, tt.want)
		}
	}
}
