package configcheck

import (
	"path"
	"strings"
)

// A word is one shell or systemd command-line word.
type word struct {
	text string
	off  int  // byte offset of the word's first character in its source
	sep  bool // a command separator: unescaped newline, ;, &&, ||, |
	// src is the source off belongs to, when it is not the source the
	// word list is read from (a variable expanded from a drop-in).
	src *source
}

// in returns the source the word was written in: w.src, else def.
func (w word) in(def *source) *source {
	if w.src != nil {
		return w.src
	}
	return def
}

// splitMode says how splitWords treats newlines and comments.
type splitMode int

const (
	// modeShell: newlines separate commands, # starts a comment, ; & |
	// separate commands.
	modeShell splitMode = iota
	// modeLine: stop at the first unescaped newline (a systemd value);
	// backslash-newline continues the line.
	modeLine
)

// maxWords bounds the number of words split from one input.
const maxWords = 100000

// splitWords splits data[start:end] into words with POSIX-shell quoting
// (single quotes, double quotes with backslash escapes, backslash
// escapes, backslash-newline continuation). It returns the words and the
// offset where it stopped.
func splitWords(data []byte, start, end int, mode splitMode) ([]word, int) {
	var words []word
	var cur strings.Builder
	in := false // inside a word
	wstart := 0
	flush := func() {
		if in {
			words = append(words, word{text: cur.String(), off: wstart})
			cur.Reset()
			in = false
		}
	}
	begin := func(i int) {
		if !in {
			in = true
			wstart = i
		}
	}
	i := start
	for i < end && len(words) < maxWords {
		c := data[i]
		switch {
		case c == '\\':
			if i+1 < end && data[i+1] == '\n' {
				i += 2
				continue
			}
			if i+2 < end && data[i+1] == '\r' && data[i+2] == '\n' {
				i += 3
				continue
			}
			begin(i)
			if i+1 < end {
				cur.WriteByte(data[i+1])
				i += 2
			} else {
				i++
			}
			continue
		case c == '\'':
			begin(i)
			j := i + 1
			for j < end && data[j] != '\'' {
				j++
			}
			cur.Write(data[i+1 : j])
			i = min(j+1, end)
			continue
		case c == '"':
			begin(i)
			j := i + 1
			for j < end && data[j] != '"' {
				if data[j] == '\\' && j+1 < end && strings.IndexByte("\"\\$`\n", data[j+1]) >= 0 {
					if data[j+1] != '\n' {
						cur.WriteByte(data[j+1])
					}
					j += 2
					continue
				}
				cur.WriteByte(data[j])
				j++
			}
			i = min(j+1, end)
			continue
		case c == '\n':
			flush()
			if mode == modeLine {
				return words, i
			}
			if mode == modeShell {
				words = append(words, word{text: "\n", off: i, sep: true})
			}
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			flush()
			i++
			continue
		case c == '#' && !in && mode == modeShell:
			for i < end && data[i] != '\n' {
				i++
			}
			continue
		case (c == ';' || c == '&' || c == '|') && mode == modeShell:
			flush()
			j := i + 1
			for j < end && (data[j] == '&' || data[j] == '|') {
				j++
			}
			words = append(words, word{text: string(data[i:j]), off: i, sep: true})
			i = j
			continue
		}
		begin(i)
		cur.WriteByte(c)
		i++
	}
	flush()
	return words, i
}

// isEtcdCommand reports whether a word names the etcd server binary.
func isEtcdCommand(w string) bool {
	if strings.HasPrefix(w, "-") || strings.ContainsAny(w, "= \t") {
		return false
	}
	base := path.Base(w)
	return base == "etcd" || strings.HasPrefix(base, "etcd-v") || base == "etcd.exe" || base == "etcd-wrapper"
}

// commandWords finds the etcd command in a word list: it returns the
// environment assignments written before it, the etcd word and the words
// after it up to the next separator. ok is false when no word is etcd.
func commandWords(words []word) (assign []word, cmd word, args []word, ok bool) {
	for i, w := range words {
		if w.sep || !isEtcdCommand(w.text) || !commandPosition(words, i) {
			continue
		}
		// Assignments before the command (NAME=VALUE [exec] etcd ...),
		// possibly behind exec, env, nohup or similar wrappers.
		j := i - 1
		for j >= 0 && !words[j].sep && wrappers[words[j].text] {
			j--
		}
		for j >= 0 && !words[j].sep && (isAssignment(words[j].text) || wrappers[words[j].text]) {
			if isAssignment(words[j].text) {
				assign = append(assign, words[j])
			}
			j--
		}
		k := i + 1
		for k < len(words) && !words[k].sep {
			k++
		}
		return assign, w, words[i+1 : k], true
	}
	return nil, word{}, nil, false
}

// commandPosition reports whether words[i] is where a command is written:
// first in its command, or after assignments and wrappers (exec, env).
// An argument of another command (chmod 700 /var/lib/etcd) is not.
func commandPosition(words []word, i int) bool {
	for j := i - 1; j >= 0; j-- {
		w := words[j]
		switch {
		case w.sep:
			return true
		case wrappers[w.text] || isAssignment(w.text):
		case strings.HasPrefix(w.text, "-") && j > 0 && wrappers[words[j-1].text]:
			// an option of a wrapper (nice -n 10 etcd is not handled; nice -10 is)
		default:
			return false
		}
	}
	return true
}

// wrappers are commands that run the next word as the command.
var wrappers = map[string]bool{"exec": true, "env": true, "nohup": true, "sudo": true, "nice": true, "ionice": true, "chpst": true, "setsid": true, "/usr/bin/env": true}

// isAssignment reports whether w is NAME=VALUE with a shell variable name.
func isAssignment(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	return ok && isVarName(name)
}

func isVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// openQuote returns the offset of a quote that is never closed in data
// under POSIX-shell rules, or -1. It runs in one pass.
func openQuote(data []byte) int {
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '#':
			// A comment at the start of a word runs to the end of the line.
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
			}
		case '\'':
			j := i + 1
			for j < len(data) && data[j] != '\'' {
				j++
			}
			if j == len(data) {
				return i
			}
			i = j
		case '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(data) {
				return i
			}
			i = j
		}
	}
	return -1
}
