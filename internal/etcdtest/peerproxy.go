package etcdtest

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// PeerProxy stands in front of one etcd member's plain-HTTP peer
// listener: the member advertises the proxy's URL as its peer URL, so
// every other member reaches it only through the proxy. It forwards each
// HTTP request (raft pipeline messages, raft streams, snapshots, the
// /version and /members calls) and can cut the member off without root
// or network namespaces:
//
//   - Isolate refuses every request to the member and aborts the
//     requests in flight (the raft streams), as a network cut would;
//   - DropFrom refuses requests whose X-Server-From header (the sending
//     member's ID, set on every raft message, stream and snapshot) names
//     a given member, and aborts those in flight;
//   - Heal lets everything through again.
//
// A refused request gets no answer: its connection is closed, the way a
// sender sees a peer it cannot reach. Requests that carry no
// X-Server-From (/version, /raft/probing) are still let through by
// DropFrom; they tell a member nothing about its membership.
type PeerProxy struct {
	// URL is the proxy's peer URL, to advertise in place of the member's.
	URL string

	target *url.URL
	rp     *httputil.ReverseProxy
	tr     *http.Transport
	srv    *http.Server

	mu       sync.Mutex
	isolated bool
	dropFrom map[uint64]bool
	inflight map[*inflight]struct{}
	refused  int
}

// inflight is a request being forwarded and the way to abort it.
type inflight struct {
	from   uint64 // 0 when the request names no sender
	cancel context.CancelFunc
}

// StartPeerProxy listens on a free loopback port and forwards to
// targetURL, the member's --listen-peer-urls (http only). It stops when
// the test ends.
func StartPeerProxy(t testing.TB, targetURL string) *PeerProxy {
	t.Helper()
	u, err := url.Parse(targetURL)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		t.Fatalf("peer proxy target %q: want an http URL (err %v)", targetURL, err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("peer proxy listener: %v", err)
	}
	p := &PeerProxy{
		URL:      "http://" + l.Addr().String(),
		target:   u,
		tr:       &http.Transport{DisableCompression: true},
		dropFrom: map[uint64]bool{},
		inflight: map[*inflight]struct{}{},
	}
	quiet := log.New(io.Discard, "", 0)
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(p.target)
		},
		Transport:     p.tr,
		FlushInterval: -1, // raft streams are long-lived chunked responses
		ErrorLog:      quiet,
	}
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve), ErrorLog: quiet}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.srv.Serve(l)
	}()
	t.Cleanup(func() {
		p.srv.Close()
		<-done
		p.tr.CloseIdleConnections()
	})
	return p
}

// sender returns the member ID in a request's X-Server-From header, 0
// when it has none.
func sender(r *http.Request) uint64 {
	id, err := strconv.ParseUint(r.Header.Get("X-Server-From"), 16, 64)
	if err != nil {
		return 0
	}
	return id
}

func (p *PeerProxy) serve(w http.ResponseWriter, r *http.Request) {
	from := sender(r)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	req := &inflight{from: from, cancel: cancel}
	p.mu.Lock()
	if p.isolated || (from != 0 && p.dropFrom[from]) {
		p.refused++
		p.mu.Unlock()
		drop(w)
		return
	}
	p.inflight[req] = struct{}{}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.inflight, req)
		p.mu.Unlock()
	}()
	p.rp.ServeHTTP(w, r.WithContext(ctx))
}

// drop closes the connection of a request without answering it.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	http.Error(w, "cut off", http.StatusServiceUnavailable)
}

// Isolate refuses every request to the member from now on and aborts
// those in flight.
func (p *PeerProxy) Isolate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isolated = true
	for r := range p.inflight {
		r.cancel()
	}
	p.tr.CloseIdleConnections()
}

// DropFrom refuses, from now on, requests sent by the member with the
// given ID (the X-Server-From header) and aborts those in flight.
func (p *PeerProxy) DropFrom(id uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dropFrom[id] = true
	for r := range p.inflight {
		if r.from == id {
			r.cancel()
		}
	}
}

// Heal lets every request through again.
func (p *PeerProxy) Heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isolated = false
	clear(p.dropFrom)
}

// Refused returns how many requests the proxy has refused so far.
func (p *PeerProxy) Refused() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused
}
