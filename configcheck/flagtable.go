package configcheck

import (
	"errors"
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// flagTable indexes the catalog's server flag rows by flag name, ETCD_*
// variable and YAML key.
type flagTable struct {
	rows   []rules.Flag
	byName map[string]*rules.Flag
	byEnv  map[string]*rules.Flag
	byYAML map[string]*rules.Flag // lower-case key path
}

func newFlagTable(cat *rules.Catalog) (*flagTable, error) {
	rows := cat.Flags()
	t := &flagTable{
		rows:   rows,
		byName: make(map[string]*rules.Flag, len(rows)),
		byEnv:  make(map[string]*rules.Flag, len(rows)),
		byYAML: make(map[string]*rules.Flag, len(rows)),
	}
	var errs []error
	for i := range rows {
		f := &rows[i]
		if err := f.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := t.byName[f.Name]; dup {
			errs = append(errs, fmt.Errorf("flag %s: duplicate row", f.Name))
			continue
		}
		for _, id := range []string{f.Rule, f.GapRule, f.DeprecatedRule} {
			if id != "" && cat.Rule(id) == nil {
				errs = append(errs, fmt.Errorf("flag %s: unknown rule %s", f.Name, id))
			}
		}
		t.byName[f.Name] = f
		t.byEnv[f.EnvName()] = f
		if k := f.YAMLKey(); k != "" && k != "discovery-config" {
			t.byYAML[strings.ToLower(k)] = f
		}
	}
	if len(rows) == 0 {
		errs = append(errs, errors.New("the catalog has no server flag table"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("flag table: %w", err)
	}
	return t, nil
}

// isBool reports whether the flag takes no separate argument.
func (t *flagTable) isBool(name string) (isBool, known bool) {
	f := t.byName[name]
	if f == nil {
		return false, false
	}
	return f.Type == "bool" || f.Ignored, true
}

// parseArgs parses command-line words the way Go's flag package does
// (-f, --f, -f=v, --f v; boolean flags take no separate value). It keeps
// going after the first non-flag argument (etcd stops there with an
// error) so that every flag is checked.
func (t *flagTable) parseArgs(src *source, words []word) (flags, positional []*setting) {
	for i := 0; i < len(words); i++ {
		w := words[i]
		src := w.in(src)
		at := src.posOf(w.off)
		if w.text == "--" {
			for _, rest := range words[i+1:] {
				rs := rest.in(src)
				positional = append(positional, &setting{surf: surfFlag, name: rest.text, src: rs, at: rs.posOf(rest.off)})
			}
			return flags, positional
		}
		if len(w.text) < 2 || w.text[0] != '-' {
			positional = append(positional, &setting{surf: surfFlag, name: w.text, src: src, at: at})
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(w.text, "-"), "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			positional = append(positional, &setting{surf: surfFlag, name: w.text, src: src, at: at})
			continue
		}
		s := &setting{surf: surfFlag, src: src, at: at}
		if n, v, ok := strings.Cut(name, "="); ok {
			s.name, s.value = n, v
		} else {
			s.name = name
			isBool, known := t.isBool(name)
			switch {
			case isBool:
				s.bare, s.value = true, "true"
			case i+1 < len(words) && (known || !strings.HasPrefix(words[i+1].text, "-")):
				i++
				s.value = words[i].text
				if words[i].in(src) == src {
					s.valOff = words[i].off
				}
			default:
				s.bare = true
			}
		}
		s.flag = t.byName[s.name]
		s.known = s.flag != nil
		flags = append(flags, s)
	}
	return flags, positional
}

// envSetting builds a setting for NAME=VALUE written at off in src.
func (t *flagTable) envSetting(src *source, name, value string, at pos) *setting {
	f := t.byEnv[name]
	return &setting{surf: surfEnv, name: name, value: value, src: src, at: at, flag: f, known: f != nil}
}
