package configcheck_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// rsaCert writes a self-signed RSA certificate for 127.0.0.1 (RSA key
// exchange needs an RSA key) and returns its paths and a pool trusting it.
func rsaCert(t *testing.T) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600); err != nil {
		t.Fatal(err)
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

// etcdRun is a started etcd process.
type etcdRun struct {
	log  string
	done chan struct{}
}

// output returns what etcd has logged so far.
func (r *etcdRun) output() string {
	b, err := os.ReadFile(r.log)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// startEtcd starts bin with args; the process is killed when the test ends.
func startEtcd(t *testing.T, bin string, args []string) *etcdRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	r := &etcdRun{log: filepath.Join(t.TempDir(), "etcd.log"), done: make(chan struct{})}
	f, err := os.Create(r.log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.done
	})
	return r
}

// waitExitOrHealthy waits until etcd exits (true) or answers /health at
// url with true (false).
func waitExitOrHealthy(t *testing.T, r *etcdRun, url string, c *http.Client) bool {
	t.Helper()
	ctx := etcdtest.Context(t, etcdtest.StartTimeout)
	for {
		select {
		case <-r.done:
			return true
		case <-ctx.Done():
			t.Fatalf("etcd neither exited nor became healthy:\n%s", r.output())
		default:
		}
		resp, err := c.Get(url + "/health")
		if err == nil {
			ok := resp.StatusCode == http.StatusOK
			resp.Body.Close()
			if ok {
				return false
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cipherFindings runs the checker on a unit starting etcd with args.
func cipherFindings(t *testing.T, target string, args []string) []report.Finding {
	t.Helper()
	unit := "[Service]\nExecStart=/usr/bin/etcd " + strings.Join(args, " ") + "\n"
	res, _ := runFiles(t, map[string]string{"etcd.service": unit}, []string{"etcd.service"}, target, target, nil)
	var out []report.Finding
	for _, f := range res.Report.Findings {
		if strings.HasPrefix(f.Rule, "ES009") {
			out = append(out, f)
		}
	}
	return out
}

func hasFinding(fs []report.Finding, rule string, sev rules.Severity) bool {
	for _, f := range fs {
		if f.Rule == rule && f.Severity == sev {
			return true
		}
	}
	return false
}

// TestCipherSuitesAgainstBinary starts a real etcd 3.6.16 with TLS and
// each cipher list, and compares what it does with what the check says.
func TestCipherSuitesAgainstBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	const target = "3.6.16"
	bin := etcdtest.Binary(t, target)
	cert, key, pool := rsaCert(t)
	for _, tc := range []struct {
		name, list string
		exits      bool
		rule       string // the error the check must report; "" for none
		log        string // what the exiting etcd logs
	}{
		{"unknown name", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA999", true, "ES0090", "unexpected TLS cipher suite"},
		{"openssl name", "ECDHE-RSA-AES128-GCM-SHA256", true, "ES0090", "unexpected TLS cipher suite"},
		{"no http2 suite", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", true, "ES0092", "HTTP/2-required"},
		{"tls13 only", "TLS_AES_128_GCM_SHA256", true, "ES0092", "HTTP/2-required"},
		{"rsa only", "TLS_RSA_WITH_AES_128_GCM_SHA256", true, "ES0092", "HTTP/2-required"},
		{"good", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false, "", ""},
		{"good with 3des", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA", false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ports := etcdtest.FreePorts(t, 2)
			curl := fmt.Sprintf("https://127.0.0.1:%d", ports[0])
			purl := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
			args := []string{"--name=m1", "--data-dir=" + t.TempDir(),
				"--listen-client-urls=" + curl, "--advertise-client-urls=" + curl,
				"--listen-peer-urls=" + purl, "--initial-advertise-peer-urls=" + purl,
				"--initial-cluster=m1=" + purl, "--initial-cluster-token=ciphers",
				"--cert-file=" + cert, "--key-file=" + key, "--log-level=warn",
				"--cipher-suites=" + tc.list}
			fs := cipherFindings(t, target, args)
			if tc.rule != "" && !hasFinding(fs, tc.rule, rules.Error) {
				t.Errorf("check did not report %s as an error: %+v", tc.rule, fs)
			}
			if tc.rule == "" && (hasFinding(fs, "ES0090", rules.Error) || hasFinding(fs, "ES0091", rules.Error) || hasFinding(fs, "ES0092", rules.Error)) {
				t.Errorf("check reported an error for a list etcd accepts: %+v", fs)
			}
			c := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
			r := startEtcd(t, bin, args)
			exited := waitExitOrHealthy(t, r, curl, c)
			if exited != tc.exits {
				t.Fatalf("etcd %s exited: %v, want %v:\n%s", target, exited, tc.exits, r.output())
			}
			if exited && !strings.Contains(r.output(), tc.log) {
				t.Fatalf("etcd %s exited without %q:\n%s", target, tc.log, r.output())
			}
		})
	}
}

// TestRSAOnlyCiphersAgainstBinary checks the RSA key-exchange case on a
// peer listener (the client listener refuses such a list, see above): a
// real etcd starts, a crypto/tls client with the default configuration
// fails the TLS 1.2 handshake, one that enables RSA key exchange
// succeeds, and the check warns.
func TestRSAOnlyCiphersAgainstBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	const target = "3.6.16"
	bin := etcdtest.Binary(t, target)
	cert, key, pool := rsaCert(t)
	ports := etcdtest.FreePorts(t, 2)
	curl := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	purl := fmt.Sprintf("https://127.0.0.1:%d", ports[1])
	const suite = "TLS_RSA_WITH_AES_128_GCM_SHA256"
	args := []string{"--name=m1", "--data-dir=" + t.TempDir(),
		"--listen-client-urls=" + curl, "--advertise-client-urls=" + curl,
		"--listen-peer-urls=" + purl, "--initial-advertise-peer-urls=" + purl,
		"--initial-cluster=m1=" + purl, "--initial-cluster-token=ciphers",
		"--peer-cert-file=" + cert, "--peer-key-file=" + key, "--log-level=warn",
		"--tls-max-version=TLS1.2", "--cipher-suites=" + suite}
	fs := cipherFindings(t, target, args)
	if !hasFinding(fs, "ES0093", rules.Warning) {
		t.Errorf("check did not warn ES0093: %+v", fs)
	}
	if hasFinding(fs, "ES0090", rules.Error) || hasFinding(fs, "ES0092", rules.Error) {
		t.Errorf("check reported an error for a list etcd accepts: %+v", fs)
	}
	r := startEtcd(t, bin, args)
	if waitExitOrHealthy(t, r, curl, &http.Client{Timeout: time.Second}) {
		t.Fatalf("etcd %s exited:\n%s", target, r.output())
	}
	addr := strings.TrimPrefix(purl, "https://")
	dial := func(cfg *tls.Config) error {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, cfg)
		if err != nil {
			return err
		}
		return conn.Close()
	}
	if err := dial(&tls.Config{RootCAs: pool}); err == nil {
		t.Fatal("a default crypto/tls client completed the handshake with an RSA-key-exchange-only server")
	} else {
		t.Logf("default client: %v", err)
	}
	if err := dial(&tls.Config{RootCAs: pool, CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256}}); err != nil {
		t.Fatalf("a client enabling %s failed too, so the server is not serving: %v", suite, err)
	}
}
