package etcdtest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The proxy forwards requests and a streamed response, refuses requests
// from a dropped sender while letting others through, aborts a stream
// in flight when the member is isolated, and forwards again once healed.
func TestPeerProxy(t *testing.T) {
	streaming := make(chan struct{}, 1)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stream" {
			fmt.Fprintln(w, "first")
			w.(http.Flusher).Flush()
			streaming <- struct{}{}
			<-r.Context().Done()
			return
		}
		fmt.Fprintf(w, "from=%s path=%s", r.Header.Get("X-Server-From"), r.URL.Path)
	}))
	t.Cleanup(backend.Close)
	p := StartPeerProxy(t, backend.URL)
	c := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(path, from string) (string, error) {
		req, err := http.NewRequest(http.MethodGet, p.URL+path, nil)
		if err != nil {
			return "", err
		}
		if from != "" {
			req.Header.Set("X-Server-From", from)
		}
		resp, err := c.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}

	if got, err := get("/raft", "a1"); err != nil || got != "from=a1 path=/raft" {
		t.Fatalf("forwarded = %q, %v", got, err)
	}
	p.DropFrom(0xa1)
	if got, err := get("/raft", "a1"); err == nil {
		t.Errorf("request from a dropped sender answered: %q", got)
	}
	if got, err := get("/raft", "b2"); err != nil || got != "from=b2 path=/raft" {
		t.Errorf("request from another sender = %q, %v", got, err)
	}
	if p.Refused() != 1 {
		t.Errorf("Refused() = %d, want 1", p.Refused())
	}

	// A stream in flight is cut by Isolate.
	resp, err := c.Get(p.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, err := br.ReadString('\n'); err != nil || line != "first\n" {
		t.Fatalf("stream's first line = %q, %v", line, err)
	}
	<-streaming
	p.Isolate()
	// Aborted, not timed out: the client's minute would say the cut failed.
	var ne net.Error
	if _, err := io.ReadAll(br); err == nil || (errors.As(err, &ne) && ne.Timeout()) {
		t.Errorf("stream after Isolate: %v, want it aborted", err)
	}
	if got, err := get("/raft", "b2"); err == nil {
		t.Errorf("request to an isolated member answered: %q", got)
	}

	p.Heal()
	if got, err := get("/raft", "a1"); err != nil || got != "from=a1 path=/raft" {
		t.Errorf("after Heal = %q, %v", got, err)
	}
}
