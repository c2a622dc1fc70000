package configcheck

import (
	"crypto/tls"
	"fmt"
	"strings"

	"go.etcd.io/etcd/client/pkg/v3/tlsutil"

	"github.com/etcdlint/etcdlint/rules"
)

// rsaKexMinGo is the Go release whose clients stop offering RSA key
// exchange by default.
const rsaKexMinGo = "1.22"

// http2Required are the suites golang.org/x/net/http2 insists on when a
// server sets a TLS 1.2 cipher list.
var http2Required = map[uint16]bool{
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:   true,
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: true,
}

// cipherVerdict is what the cipher checks conclude about one list.
type cipherVerdict struct {
	unknown  []string // names etcd rejects at start
	tls13    []string // TLS 1.3 names, which configure nothing
	insecure []string // suites Go lists as insecure
	http2OK  bool     // an HTTP/2-required suite is present
	rsaOnly  bool     // every usable suite uses RSA key exchange
}

// judgeCiphers classifies a comma-separated --cipher-suites value the way
// etcd (tlsutil.GetCipherSuites) and crypto/tls of the linked Go see it.
func judgeCiphers(list string) cipherVerdict {
	var v cipherVerdict
	tls13 := map[uint16]bool{}
	for _, c := range tls.CipherSuites() {
		if len(c.SupportedVersions) == 1 && c.SupportedVersions[0] == tls.VersionTLS13 {
			tls13[c.ID] = true
		}
	}
	insecure := map[uint16]bool{}
	for _, c := range tls.InsecureCipherSuites() {
		insecure[c.ID] = true
	}
	usable, rsa := 0, 0
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		id, ok := tlsutil.GetCipherSuite(name)
		switch {
		case !ok:
			v.unknown = append(v.unknown, name)
			continue
		case tls13[id]:
			v.tls13 = append(v.tls13, name)
			continue
		}
		if insecure[id] {
			v.insecure = append(v.insecure, name)
		}
		if http2Required[id] {
			v.http2OK = true
		}
		usable++
		if strings.HasPrefix(name, "TLS_RSA_") {
			rsa++
		}
	}
	v.rsaOnly = usable > 0 && rsa == usable
	return v
}

// checkCiphers checks the cipher-suite list against the target etcd and
// the Go release that builds it.
func (r *run) checkCiphers(st *checkState) {
	s := st.eff["cipher-suites"]
	if s == nil || strings.TrimSpace(s.value) == "" || !r.valid(s, r.target) {
		return
	}
	goVer, known := r.cat.GoFor(r.target)
	built := fmt.Sprintf("etcd %s", r.target)
	if known {
		built = fmt.Sprintf("etcd %s (built with Go %s)", r.target, goVer)
	}
	v := judgeCiphers(s.value)
	if len(v.unknown) > 0 {
		r.finding("ES0090", 0, s.src, s.at, fmt.Sprintf("%s lists %s, unknown to %s: etcd exits at start (\"unexpected TLS cipher suite %q\")", s.display(), strings.Join(v.unknown, ", "), built, v.unknown[0]), nil)
		return
	}
	if m := st.eff["tls-min-version"]; m != nil && strings.TrimSpace(m.value) == "TLS1.3" {
		r.finding("ES0091", rules.Error, s.src, s.at, fmt.Sprintf("%s is set with %s=TLS1.3: %s exits (\"cipher suites cannot be configured when only TLS1.3 is enabled\")", s.display(), m.display(), built), nil)
		return
	}
	if len(v.tls13) > 0 {
		r.finding("ES0091", 0, s.src, s.at, fmt.Sprintf("%s lists TLS 1.3 suites (%s): Go does not let TLS 1.3 suites be configured, so they select nothing", s.display(), strings.Join(v.tls13, ", ")), nil)
	}
	clientTLS := false
	if c := st.eff["cert-file"]; c != nil && strings.TrimSpace(c.value) != "" {
		clientTLS = true
	}
	if a := st.eff["auto-tls"]; a != nil && boolValue(a) == "true" {
		clientTLS = true
	}
	if !v.http2OK && clientTLS {
		r.finding("ES0092", 0, s.src, s.at, fmt.Sprintf("%s has neither TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 nor TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: %s cannot set up HTTP/2 on its TLS client listener and exits (\"http2: TLSConfig.CipherSuites is missing an HTTP/2-required AES_128_GCM_SHA256 cipher\")", s.display(), built), nil)
	}
	if mx := st.eff["tls-max-version"]; v.rsaOnly && mx != nil && strings.TrimSpace(mx.value) == "TLS1.2" {
		r.finding("ES0093", 0, s.src, s.at, fmt.Sprintf("%s offers only RSA key exchange (TLS_RSA_WITH_*): clients built with Go %s or later do not offer it by default and fail the TLS 1.2 handshake unless they set GODEBUG=tlsrsakex=1", s.display(), rsaKexMinGo), nil)
	}
	if len(v.insecure) > 0 {
		r.finding("ES0094", 0, s.src, s.at, fmt.Sprintf("%s lists suites Go marks insecure (%s): Go clients do not offer them by default", s.display(), strings.Join(v.insecure, ", ")), nil)
	}
}
