package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/rules"
)

// maxBody bounds one HTTP response body (a /metrics page of a large
// member is a few MiB); maxBodies bounds all bodies of one run, across
// every endpoint. A longer body is an error, never silently cut.
const (
	maxBody   = 8 << 20
	maxBodies = 32 << 20
)

// member is what one endpoint told the probe.
type member struct {
	endpoint string

	// err is why the member could not be read over gRPC, nil if it was.
	err error
	// failedCall names the gRPC call err comes from, "" for connecting.
	failedCall  string
	unreachable bool
	tlsFailure  bool
	authDenied  bool

	// from Maintenance.Status
	statusOK         bool
	id               uint64
	serverVersion    string
	dbSize           int64
	dbSizeInUse      int64
	dbSizeQuota      int64
	leader           uint64
	raftIndex        uint64
	raftAppliedIndex uint64
	raftTerm         uint64
	isLearner        bool
	statusErrors     []string
	storageVersion   string
	clusterID        uint64
	revision         int64

	// from a serializable MemberList on this member: its own view
	list    []*pb.Member
	listErr error

	// from HashKV at the cluster's common revision (verification only)
	hash        uint32
	hashCompact int64
	hashOK      bool
	hashErr     error

	// from GET /version
	versionErr     error
	httpServer     string
	httpCluster    string
	httpStorage    string
	versionIsPlain bool

	// from GET /health
	healthErr    error
	health       string
	healthReason string

	// from GET /metrics
	metricsErr error
	metrics    *metricsInfo

	// from GET /v2/keys (members below 3.6 only)
	v2Served bool
	v2Keys   []string
	v2Size   int64 // bytes of GET /v2/keys/?recursive=true, -1 when not read
	v2Err    error

	client *clientv3.Client
}

// version is the member's server version: Status, else /version.
func (m *member) version() rules.Version {
	for _, s := range []string{m.serverVersion, m.httpServer} {
		if v, err := rules.ParseVersion(s); err == nil && s != "" {
			return v
		}
	}
	return rules.Version{}
}

// answered reports whether the member answered anything.
func (m *member) answered() bool {
	return m.statusOK || m.versionErr == nil && m.httpServer != ""
}

// cluster is what the probe learnt about the whole cluster.
type cluster struct {
	opts     Options
	timeout  time.Duration
	tlsConf  *tls.Config
	useTLS   bool
	http     *http.Client
	bodies   *safeio.Budget // what is left of maxBodies
	members  []*member
	lowest   rules.Version
	highest  rules.Version
	given    []string // endpoints as given, normalised
	discover error

	list        []*pb.Member
	listErr     error
	listFrom    string
	alarms      []*pb.AlarmMember
	alarmErr    error
	authKnown   bool
	authEnabled bool
	authErr     error
	hashRev     int64
}

// probeCluster connects to every endpoint in parallel and gathers facts.
func probeCluster(ctx context.Context, opts Options) (*cluster, error) {
	cl := &cluster{opts: opts, timeout: opts.Timeout}
	if cl.timeout <= 0 {
		cl.timeout = DefaultTimeout
	}
	if opts.User != "" && opts.Password == "" {
		if u, p, ok := strings.Cut(opts.User, ":"); ok {
			cl.opts.User, cl.opts.Password = u, p
		}
	}
	var err error
	if cl.tlsConf, err = tlsConfig(opts); err != nil {
		return nil, err
	}
	cl.useTLS = opts.CACert != "" || opts.Cert != "" || opts.InsecureSkipTLSVerify
	tr := &http.Transport{TLSClientConfig: cl.tlsConf, ResponseHeaderTimeout: cl.timeout, TLSHandshakeTimeout: cl.timeout}
	defer tr.CloseIdleConnections()
	cl.http = &http.Client{Transport: tr, Timeout: cl.timeout}
	cl.bodies = safeio.NewBudget(maxBodies)

	for _, ep := range opts.Endpoints {
		u, err := normaliseEndpoint(ep, cl.useTLS)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(cl.given, u) {
			cl.given = append(cl.given, u)
		}
	}
	endpoints := cl.given
	if opts.Discover {
		endpoints = cl.discoverEndpoints(ctx)
	}
	cl.members = make([]*member, len(endpoints))
	var wg sync.WaitGroup
	for i, ep := range endpoints {
		m := &member{endpoint: ep}
		cl.members[i] = m
		wg.Go(func() { cl.probeMember(ctx, m) })
	}
	wg.Wait()
	defer func() {
		for _, m := range cl.members {
			if m.client != nil {
				m.client.Close()
			}
		}
	}()
	cl.clusterCalls(ctx)
	if opts.Verify {
		cl.hashAll(ctx)
	}
	for _, m := range cl.members {
		v := m.version()
		if v.IsZero() {
			continue
		}
		if cl.lowest.IsZero() || v.Less(cl.lowest) {
			cl.lowest = v
		}
		if cl.highest.IsZero() || cl.highest.Less(v) {
			cl.highest = v
		}
	}
	return cl, nil
}

// normaliseEndpoint turns host:port into a URL with the scheme TLS
// implies, and checks the URL.
func normaliseEndpoint(ep string, useTLS bool) (string, error) {
	if !strings.Contains(ep, "://") {
		if useTLS {
			ep = "https://" + ep
		} else {
			ep = "http://" + ep
		}
	}
	u, err := url.Parse(ep)
	if err != nil {
		return "", fmt.Errorf("endpoint %q: %w", ep, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("endpoint %q: want http://host:port or https://host:port", ep)
	}
	if u.Port() == "" {
		u.Host = net.JoinHostPort(u.Hostname(), "2379")
	}
	return u.Scheme + "://" + u.Host, nil
}

// tlsConfig builds the client TLS configuration; nil when no TLS option
// is set (https endpoints then use the system roots).
func tlsConfig(opts Options) (*tls.Config, error) {
	if opts.CACert == "" && opts.Cert == "" && opts.Key == "" && !opts.InsecureSkipTLSVerify {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: opts.InsecureSkipTLSVerify}
	if opts.CACert != "" {
		pem, err := safeio.ReadFile(opts.CACert, safeio.SecretCap)
		if err != nil {
			return nil, fmt.Errorf("--cacert: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--cacert %s: no PEM certificate found", opts.CACert)
		}
		conf.RootCAs = pool
	}
	if (opts.Cert == "") != (opts.Key == "") {
		return nil, errors.New("--cert and --key must be given together")
	}
	if opts.Cert != "" {
		certPEM, err := safeio.ReadFile(opts.Cert, safeio.SecretCap)
		if err != nil {
			return nil, fmt.Errorf("--cert: %w", err)
		}
		keyPEM, err := safeio.ReadFile(opts.Key, safeio.SecretCap)
		if err != nil {
			return nil, fmt.Errorf("--key: %w", err)
		}
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("--cert/--key: %w", err)
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	return conf, nil
}

// newClient connects a gRPC client to the given endpoints.
func (cl *cluster) newClient(ctx context.Context, endpoints ...string) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{
		Endpoints:          endpoints,
		DialTimeout:        cl.timeout,
		TLS:                cl.tlsConf,
		Username:           cl.opts.User,
		Password:           cl.opts.Password,
		Logger:             zap.NewNop(),
		Context:            ctx,
		MaxUnaryRetries:    2,
		BackoffWaitBetween: 20 * time.Millisecond,
	})
}

// call runs fn with the per-call timeout.
func (cl *cluster) call(ctx context.Context, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, cl.timeout)
	defer cancel()
	return fn(ctx)
}

// discoverEndpoints lists the members through the given endpoints and
// returns each member's first client URL (members without one are kept
// for the health check).
func (cl *cluster) discoverEndpoints(ctx context.Context) []string {
	c, err := cl.newClient(ctx, cl.given...)
	if err == nil {
		defer c.Close()
		err = cl.call(ctx, func(ctx context.Context) error {
			resp, err := c.MemberList(ctx)
			if err == nil {
				cl.list = (*pb.MemberListResponse)(resp).GetMembers()
				cl.listFrom = strings.Join(cl.given, ",")
			}
			return err
		})
	}
	if err != nil {
		cl.discover = err
		return cl.given
	}
	var eps []string
	for _, m := range cl.list {
		if urls := m.GetClientURLs(); len(urls) > 0 {
			if u, err := normaliseEndpoint(urls[0], cl.useTLS); err == nil && !slices.Contains(eps, u) {
				eps = append(eps, u)
			}
		}
	}
	if len(eps) == 0 {
		return cl.given
	}
	return eps
}

// probeMember reads one member: a TCP connect first (a refused
// connection is reported at once), then /version followed by Status, and
// /health and /metrics alongside.
func (cl *cluster) probeMember(ctx context.Context, m *member) {
	u, _ := url.Parse(m.endpoint)
	d := net.Dialer{Timeout: cl.timeout}
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		m.err, m.unreachable = fmt.Errorf("cannot connect: %w", unwrapNet(err)), true
		return
	}
	conn.Close()
	var wg sync.WaitGroup
	wg.Go(func() {
		cl.getVersion(ctx, m)
		if m.versionErr != nil && isTransportError(m.versionErr) {
			m.err = m.versionErr
			m.tlsFailure = isTLSError(m.versionErr)
			m.unreachable = !m.tlsFailure
			return
		}
		cl.getStatus(ctx, m)
		if v := m.version(); !v.IsZero() && v.Less(rules.MustParseVersion("3.6.0")) {
			cl.getV2Keys(ctx, m)
		}
	})
	wg.Go(func() { cl.getHealth(ctx, m) })
	wg.Go(func() { cl.getMetrics(ctx, m) })
	wg.Wait()
}

func unwrapNet(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// isTransportError reports whether an HTTP error means the member could
// not be talked to at all (as opposed to an HTTP status).
func isTransportError(err error) bool {
	var se *httpStatusError
	return !errors.As(err, &se)
}

func isTLSError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "x509:") || strings.Contains(s, "tls:") || strings.Contains(s, "certificate")
}

// httpStatusError is a non-2xx answer.
type httpStatusError struct {
	code int
	body string
}

func (e *httpStatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.code, strings.TrimSpace(e.body))
}

// get fetches path from the member.
func (cl *cluster) get(ctx context.Context, m *member, path string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, cl.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.endpoint+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := cl.http.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err) {
			return nil, fmt.Errorf("GET %s: no answer within %s", path, cl.timeout)
		}
		return nil, fmt.Errorf("GET %s: %w", path, unwrapURL(err))
	}
	defer resp.Body.Close()
	body, err := safeio.ReadBody(resp.Body, maxBody, cl.bodies)
	if err != nil {
		return nil, fmt.Errorf("GET %s: reading body: %w", path, err)
	}
	if resp.StatusCode/100 != 2 {
		if len(body) > 200 {
			body = body[:200]
		}
		return body, &httpStatusError{code: resp.StatusCode, body: string(body)}
	}
	return body, nil
}

func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return unwrapNet(ue.Err)
	}
	return err
}

// getVersion reads /version: plain text "etcd 2.0.x" on 2.0, JSON
// {"etcdserver","etcdcluster"} on 2.1+, plus "storage" on 3.6+.
func (cl *cluster) getVersion(ctx context.Context, m *member) {
	body, err := cl.get(ctx, m, "/version")
	if err != nil {
		m.versionErr = err
		return
	}
	s := strings.TrimSpace(string(body))
	if rest, ok := strings.CutPrefix(s, "etcd "); ok {
		m.httpServer, m.versionIsPlain = strings.TrimSpace(rest), true
		return
	}
	var v struct {
		Server  string `json:"etcdserver"`
		Cluster string `json:"etcdcluster"`
		Storage string `json:"storage"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.Server == "" {
		m.versionErr = fmt.Errorf("GET /version: unexpected body %q", truncate(s, 80))
		return
	}
	m.httpServer, m.httpCluster, m.httpStorage = v.Server, v.Cluster, v.Storage
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// getHealth reads /health: {"health":"true"} (a bool before 3.3 on some
// patches), with "reason" on 3.5+.
func (cl *cluster) getHealth(ctx context.Context, m *member) {
	body, err := cl.get(ctx, m, "/health")
	var se *httpStatusError
	if err != nil && !errors.As(err, &se) {
		m.healthErr = err
		return
	}
	var h struct {
		Health any    `json:"health"`
		Reason string `json:"reason"`
	}
	if jerr := json.Unmarshal(body, &h); jerr != nil {
		if err != nil {
			m.healthErr = err
		} else {
			m.healthErr = fmt.Errorf("GET /health: unexpected body %q", truncate(string(body), 80))
		}
		return
	}
	m.health, m.healthReason = fmt.Sprint(h.Health), h.Reason
}

// getStatus connects over gRPC and calls Maintenance.Status.
func (cl *cluster) getStatus(ctx context.Context, m *member) {
	c, err := cl.newClient(ctx, m.endpoint)
	if err != nil {
		cl.classify(m, err)
		return
	}
	m.client = c
	err = cl.call(ctx, func(ctx context.Context) error {
		resp, err := c.Status(ctx, m.endpoint)
		if err != nil {
			return err
		}
		st := (*pb.StatusResponse)(resp)
		m.statusOK = true
		m.id = st.GetHeader().GetMemberId()
		m.serverVersion = st.GetVersion()
		m.dbSize, m.dbSizeInUse, m.dbSizeQuota = st.GetDbSize(), st.GetDbSizeInUse(), st.GetDbSizeQuota()
		m.leader, m.raftIndex, m.raftAppliedIndex, m.raftTerm = st.GetLeader(), st.GetRaftIndex(), st.GetRaftAppliedIndex(), st.GetRaftTerm()
		m.isLearner, m.statusErrors, m.storageVersion = st.GetIsLearner(), st.GetErrors(), st.GetStorageVersion()
		m.clusterID, m.revision = st.GetHeader().GetClusterId(), st.GetHeader().GetRevision()
		return nil
	})
	if err != nil {
		m.failedCall = "Status"
		cl.classify(m, err)
		return
	}
	// The member's own view of the membership, not the leader's.
	m.listErr = cl.call(ctx, func(ctx context.Context) error {
		resp, err := c.MemberList(ctx, clientv3.WithSerializable())
		if err == nil {
			m.list = (*pb.MemberListResponse)(resp).GetMembers()
		}
		return err
	})
}

// classify records a gRPC error on the member.
func (cl *cluster) classify(m *member, err error) {
	switch {
	case isAuthError(err):
		m.authDenied = true
		m.err = fmt.Errorf("%s", grpcMessage(err))
	case errors.Is(err, context.DeadlineExceeded) || status.Code(err) == codes.DeadlineExceeded:
		m.unreachable = true
		m.err = fmt.Errorf("no gRPC answer within %s", cl.timeout)
	case isTLSError(err):
		m.tlsFailure = true
		m.err = fmt.Errorf("%s", grpcMessage(err))
	case status.Code(err) == codes.Unavailable:
		m.unreachable = true
		m.err = fmt.Errorf("%s", grpcMessage(err))
	default:
		m.err = fmt.Errorf("%s", grpcMessage(err))
	}
}

func grpcMessage(err error) string {
	if s, ok := status.FromError(err); ok {
		return s.Message()
	}
	return err.Error()
}

// isAuthError reports whether err is an authentication or authorisation
// refusal rather than an outage.
func isAuthError(err error) bool {
	switch status.Code(err) {
	case codes.PermissionDenied, codes.Unauthenticated:
		return true
	}
	msg := err.Error()
	for _, s := range []string{"user name is empty", "authentication failed", "permission denied", "invalid auth token", "user name not found"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// getV2Keys lists the top of the v2 keyspace (/v2/keys/), served by
// members below 3.6 started with --enable-v2.
func (cl *cluster) getV2Keys(ctx context.Context, m *member) {
	body, err := cl.get(ctx, m, "/v2/keys/")
	if err != nil {
		var se *httpStatusError
		if errors.As(err, &se) && se.code == http.StatusNotFound {
			return // v2 API not enabled
		}
		m.v2Err = err
		return
	}
	var resp struct {
		Node struct {
			Nodes []struct {
				Key string `json:"key"`
			} `json:"nodes"`
		} `json:"node"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		m.v2Err = fmt.Errorf("GET /v2/keys/: %w", err)
		return
	}
	m.v2Served = true
	for _, n := range resp.Node.Nodes {
		m.v2Keys = append(m.v2Keys, n.Key)
	}
	m.v2Size = -1
	if len(m.v2Keys) > 0 {
		m.v2Size, m.v2Err = cl.count(ctx, m, "/v2/keys/?recursive=true")
	}
}

// count streams path and returns its length, without keeping it; it stops
// counting past v2SizeCap.
func (cl *cluster) count(ctx context.Context, m *member, path string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, cl.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.endpoint+path, nil)
	if err != nil {
		return -1, err
	}
	resp, err := cl.http.Do(req)
	if err != nil {
		return -1, fmt.Errorf("GET %s: %w", path, unwrapURL(err))
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, v2SizeCap))
	if err != nil {
		return -1, fmt.Errorf("GET %s: %w", path, err)
	}
	return n, nil
}

// v2SizeCap is where counting the v2 keyspace stops: past the 100 MB
// threshold nothing more is needed.
const v2SizeCap = v2Large + 1

// metricsInfo is what the probe reads from /metrics.
type metricsInfo struct {
	names               map[string]bool
	quota               float64
	hasQuota            bool
	httpReceived        float64
	clusterVersionLabel string

	// peerView is set when the member serves etcd_network_active_peers
	// (rafthttp registers one gauge per peer it has ever connected to,
	// 1 while the stream to it is up, 0 once it is down).
	peerView bool
	// activePeers holds the remote member IDs whose gauge is above zero.
	activePeers map[uint64]bool
	// knownPeers holds every remote member ID with a gauge.
	knownPeers map[uint64]bool
	// disconnected is etcd_network_disconnected_peers_total by remote ID.
	disconnected map[uint64]float64
	// rtt is the last etcd_network_peer_round_trip_time_seconds sum by
	// remote ID (seconds over all observations).
	rtt map[uint64]float64
}

// getMetrics scrapes /metrics (Prometheus text format).
func (cl *cluster) getMetrics(ctx context.Context, m *member) {
	body, err := cl.get(ctx, m, "/metrics")
	if err != nil {
		m.metricsErr = err
		return
	}
	mi, err := parseMetrics(body)
	if err != nil {
		m.metricsErr = err
		return
	}
	m.metrics = mi
}

// parseMetrics reads a /metrics page with the Prometheus text parser.
func parseMetrics(body []byte) (*metricsInfo, error) {
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil && len(fams) == 0 {
		return nil, fmt.Errorf("parsing /metrics: %w", err)
	}
	mi := &metricsInfo{
		names:        map[string]bool{},
		activePeers:  map[uint64]bool{},
		knownPeers:   map[uint64]bool{},
		disconnected: map[uint64]float64{},
		rtt:          map[uint64]float64{},
	}
	for name, fam := range fams {
		if len(fam.GetMetric()) == 0 {
			continue
		}
		mi.names[name] = true
		switch fam.GetType() {
		case dto.MetricType_HISTOGRAM:
			mi.names[name+"_bucket"], mi.names[name+"_sum"], mi.names[name+"_count"] = true, true, true
		case dto.MetricType_SUMMARY:
			mi.names[name+"_sum"], mi.names[name+"_count"] = true, true
		}
		for _, mt := range fam.GetMetric() {
			switch name {
			case "etcd_server_quota_backend_bytes":
				mi.quota, mi.hasQuota = mt.GetGauge().GetValue(), true
			case "etcd_http_received_total":
				mi.httpReceived += mt.GetCounter().GetValue()
			case "etcd_cluster_version":
				if l := label(mt, "cluster_version"); l != "" {
					mi.clusterVersionLabel = l
				}
			case "etcd_network_active_peers":
				mi.peerView = true
				if id, ok := peerID(mt); ok {
					mi.knownPeers[id] = true
					if mt.GetGauge().GetValue() > 0 {
						mi.activePeers[id] = true
					}
				}
			case "etcd_network_disconnected_peers_total":
				if id, ok := peerID(mt); ok {
					mi.disconnected[id] += mt.GetCounter().GetValue()
				}
			case "etcd_network_peer_round_trip_time_seconds":
				if id, ok := peerID(mt); ok {
					mi.rtt[id] = mt.GetHistogram().GetSampleSum()
				}
			}
		}
	}
	return mi, nil
}

// label returns the value of a metric's label, "" when absent.
func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// peerID reads the remote member ID of a rafthttp metric (label Remote,
// or To on the round-trip histogram), a hex member ID.
func peerID(m *dto.Metric) (uint64, bool) {
	s := cmpOr(label(m, "Remote"), label(m, "To"))
	if s == "" {
		return 0, false
	}
	id, err := strconv.ParseUint(s, 16, 64)
	return id, err == nil
}

// clusterCalls asks one member that answered Status for the member list,
// the alarms and the auth status.
func (cl *cluster) clusterCalls(ctx context.Context) {
	var c *clientv3.Client
	var from string
	for _, m := range cl.members {
		if m.client != nil && (m.statusOK || m.authDenied) {
			c, from = m.client, m.endpoint
			break
		}
	}
	if c == nil {
		return
	}
	var wg sync.WaitGroup
	if cl.list == nil {
		cl.listFrom = from
		wg.Go(func() {
			cl.listErr = cl.call(ctx, func(ctx context.Context) error {
				resp, err := c.MemberList(ctx)
				if err == nil {
					cl.list, cl.listFrom = (*pb.MemberListResponse)(resp).GetMembers(), from
				}
				return err
			})
		})
	}
	wg.Go(func() {
		cl.alarmErr = cl.call(ctx, func(ctx context.Context) error {
			resp, err := c.AlarmList(ctx)
			if err == nil {
				cl.alarms = (*pb.AlarmResponse)(resp).GetAlarms()
			}
			return err
		})
	})
	wg.Go(func() {
		cl.authErr = cl.call(ctx, func(ctx context.Context) error {
			resp, err := c.AuthStatus(ctx)
			if err == nil {
				cl.authKnown, cl.authEnabled = true, (*pb.AuthStatusResponse)(resp).GetEnabled()
				return nil
			}
			if status.Code(err) != codes.Unimplemented {
				return err
			}
			// 3.4 and older: an unauthenticated read fails when auth is on.
			_, gerr := c.Get(ctx, "etcdlint-auth-probe", clientv3.WithSerializable(), clientv3.WithCountOnly())
			switch {
			case gerr == nil && cl.opts.User == "":
				cl.authKnown = true
			case gerr == nil:
				// With credentials a read succeeds either way.
			case isAuthError(gerr):
				cl.authKnown, cl.authEnabled = true, true
			default:
				return gerr
			}
			return nil
		})
	})
	wg.Wait()
}
