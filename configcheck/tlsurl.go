package configcheck

import (
	"fmt"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// tlsListeners pairs the listen URLs that need a server certificate with
// the settings that give one.
var tlsListeners = []struct {
	listen, cert, key, auto, what string
}{
	{"listen-client-urls", "cert-file", "key-file", "auto-tls", "client"},
	{"listen-client-http-urls", "cert-file", "key-file", "auto-tls", "client"},
}

// checkTLSListeners reports an https (or unixs) client listen URL with
// no certificate and key and no automatic TLS: etcd refuses to open the
// listener and exits, on every version (a peer URL only warns).
func (r *run) checkTLSListeners(st *checkState) {
	for _, l := range tlsListeners {
		s := st.eff[l.listen]
		if s == nil || s.opaque() {
			continue
		}
		if st.eff[l.cert] != nil && st.eff[l.cert].value != "" || st.eff[l.key] != nil && st.eff[l.key].value != "" {
			continue
		}
		if a := st.eff[l.auto]; a != nil && boolValue(a) == "true" {
			continue
		}
		for _, u := range strings.Split(s.value, ",") {
			lu := strings.ToLower(strings.TrimSpace(u))
			if !strings.HasPrefix(lu, "https://") && !strings.HasPrefix(lu, "unixs://") {
				continue
			}
			r.finding("ES0009", rules.Error, s.src, s.at, fmt.Sprintf("%s listens on %s but neither %s nor %s (nor %s) is set: etcd %s exits (\"TLS key/cert (--%s, --%s) must be provided for %s url ... with HTTPS scheme\")",
				s.display(), strings.TrimSpace(u), nameOn(r.table.byName[l.cert], s.surf), nameOn(r.table.byName[l.key], s.surf), nameOn(r.table.byName[l.auto], s.surf), r.target, l.cert, l.key, l.what), nil)
			break
		}
	}
}
