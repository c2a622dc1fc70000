package configcheck

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"go.uber.org/zap"
	"sigs.k8s.io/yaml"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	"go.etcd.io/etcd/client/pkg/v3/types"
	"go.etcd.io/etcd/pkg/v3/featuregate"
	"go.etcd.io/etcd/pkg/v3/flags"
	"go.etcd.io/etcd/server/v3/embed"
)

// configYAML mirrors etcd's unexported embed.configYAML: what
// embed.ConfigFromFile decodes a configuration file into.
type configYAML struct {
	embed.Config
	configJSON
}

// configJSON mirrors embed.configJSON (server/embed/config.go).
type configJSON struct {
	ListenPeerURLs       string `json:"listen-peer-urls"`
	ListenClientURLs     string `json:"listen-client-urls"`
	ListenClientHTTPURLs string `json:"listen-client-http-urls"`
	AdvertisePeerURLs    string `json:"initial-advertise-peer-urls"`
	AdvertiseClientURLs  string `json:"advertise-client-urls"`

	CORSJSON          string `json:"cors"`
	HostWhitelistJSON string `json:"host-whitelist"`

	ClientSecurityJSON securityConfig `json:"client-transport-security"`
	PeerSecurityJSON   securityConfig `json:"peer-transport-security"`

	ServerFeatureGatesJSON string `json:"feature-gates"`
}

// securityConfig mirrors embed.securityConfig.
type securityConfig struct {
	CertFile            string   `json:"cert-file"`
	KeyFile             string   `json:"key-file"`
	ClientCertFile      string   `json:"client-cert-file"`
	ClientKeyFile       string   `json:"client-key-file"`
	CertAuth            bool     `json:"client-cert-auth"`
	TrustedCAFile       string   `json:"trusted-ca-file"`
	AutoTLS             bool     `json:"auto-tls"`
	AllowedCNs          []string `json:"allowed-cn"`
	AllowedHostnames    []string `json:"allowed-hostname"`
	SkipClientSANVerify bool     `json:"skip-client-san-verification,omitempty"`
}

// errReported marks a validation failure already reported by another
// check (a malformed URL), so it is not reported twice.
var errReported = errors.New("already reported")

// decodeError is a YAML value etcd cannot decode.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }

// linkedConfigFromYAML decodes a configuration file exactly as the linked
// embed.ConfigFromFile does, without its os.Exit calls: URL errors are
// returned instead.
func linkedConfigFromYAML(data []byte) (cfg *embed.Config, err error) {
	defer func() {
		if p := recover(); p != nil {
			cfg, err = nil, fmt.Errorf("etcd's configuration code panicked: %v", p)
		}
	}()
	c := &configYAML{Config: *embed.NewConfig()}
	defaultInitialCluster := c.InitialCluster
	if err := yaml.Unmarshal(data, c); err != nil {
		return nil, &decodeError{err}
	}
	if c.ServerFeatureGatesJSON != "" {
		fg, ok := c.Config.ServerFeatureGate.(featuregate.MutableFeatureGate)
		if !ok {
			return nil, errors.New("feature gates are not mutable")
		}
		if err := fg.Set(c.ServerFeatureGatesJSON); err != nil {
			return nil, err
		}
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, &decodeError{err}
	}
	for k := range raw {
		c.FlagsExplicitlySet[k] = true
	}
	if pts, ok := raw["peer-transport-security"]; ok {
		if _, isMap := pts.(map[string]any); !isMap {
			return nil, errors.New("invalid peer-transport-security")
		}
	}
	urls := func(s string, dst *[]url.URL) error {
		if s == "" {
			return nil
		}
		u, err := types.NewURLs(strings.Split(s, ","))
		if err != nil {
			return errReported
		}
		*dst = []url.URL(u)
		return nil
	}
	for _, p := range []struct {
		s   string
		dst *[]url.URL
	}{
		{c.configJSON.ListenPeerURLs, &c.Config.ListenPeerUrls},
		{c.configJSON.ListenClientURLs, &c.Config.ListenClientUrls},
		{c.configJSON.ListenClientHTTPURLs, &c.Config.ListenClientHttpUrls},
		{c.configJSON.AdvertisePeerURLs, &c.Config.AdvertisePeerUrls},
		{c.configJSON.AdvertiseClientURLs, &c.Config.AdvertiseClientUrls},
		{c.ListenMetricsUrlsJSON, &c.ListenMetricsUrls},
	} {
		if err := urls(p.s, p.dst); err != nil {
			return nil, err
		}
	}
	if c.CORSJSON != "" {
		uv := &flags.UniqueURLs{Values: map[string]struct{}{}, Allowed: map[string]struct{}{"*": {}}}
		if err := uv.Set(c.CORSJSON); err != nil {
			return nil, errReported
		}
		c.CORS = uv.Values
	}
	if c.HostWhitelistJSON != "" {
		c.HostWhitelist = flags.NewUniqueStringsValue(c.HostWhitelistJSON).Values
	}
	if (c.DNSCluster != "" || len(c.DiscoveryCfg.Endpoints) > 0) && c.InitialCluster == defaultInitialCluster {
		c.InitialCluster = ""
	}
	if c.ClusterState == "" {
		c.ClusterState = embed.ClusterStateFlagNew
	}
	copySec := func(tls *transport.TLSInfo, ysc *securityConfig) {
		tls.CertFile, tls.KeyFile = ysc.CertFile, ysc.KeyFile
		tls.ClientCertFile, tls.ClientKeyFile = ysc.ClientCertFile, ysc.ClientKeyFile
		tls.ClientCertAuth, tls.TrustedCAFile = ysc.CertAuth, ysc.TrustedCAFile
		tls.AllowedCNs, tls.AllowedHostnames = ysc.AllowedCNs, ysc.AllowedHostnames
		tls.SkipClientSANVerify = ysc.SkipClientSANVerify
	}
	copySec(&c.ClientTLSInfo, &c.ClientSecurityJSON)
	copySec(&c.PeerTLSInfo, &c.PeerSecurityJSON)
	c.ClientAutoTLS = c.ClientSecurityJSON.AutoTLS
	c.PeerAutoTLS = c.PeerSecurityJSON.AutoTLS
	if c.SelfSignedCertValidity == 0 {
		c.SelfSignedCertValidity = 1
	}
	out := c.Config
	return &out, nil
}

// linkedArg is one flag or variable handed to the linked flag parser.
type linkedArg struct {
	s     *setting
	name  string
	value string
	bare  bool
}

// linkedConfigFromArgs builds an embed.Config from flags and variables the
// way the linked etcdmain does (flag.FlagSet with embed's AddFlags plus
// etcdmain's own flags; variables fill the flags left unset). It returns
// the setting an error belongs to, when known.
func linkedConfigFromArgs(args, env []linkedArg) (cfg *embed.Config, at *setting, err error) {
	defer func() {
		if p := recover(); p != nil {
			cfg, at, err = nil, nil, fmt.Errorf("etcd's flag code panicked: %v", p)
		}
	}()
	ec := embed.NewConfig()
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// AddFlags binds --raft-read-timeout and --raft-write-timeout to
	// rafthttp package variables (resetting them to their defaults); the
	// callers never Set those two flags, so their values never change.
	ec.AddFlags(fs)
	var configFile string
	var version bool
	fs.StringVar(&configFile, "config-file", "", "")
	fallback := flags.NewSelectiveStringValue("exit", "proxy")
	fs.Var(fallback, "discovery-fallback", "")
	clusterState := flags.NewSelectiveStringValue(embed.ClusterStateFlagNew, embed.ClusterStateFlagExisting)
	fs.Var(clusterState, "initial-cluster-state", "")
	v2 := flags.NewSelectiveStringsValue("write-only", "write-only-skip-check", "write-only-drop-data", "gone")
	fs.Var(v2, "v2-deprecation", "")
	fs.BoolVar(&version, "version", false, "")
	for _, a := range args {
		if fs.Lookup(a.name) == nil {
			continue
		}
		v := a.value
		if a.bare {
			v = "true"
		}
		if err := fs.Set(a.name, v); err != nil {
			return nil, a.s, fmt.Errorf("invalid value %q for flag -%s: %w", v, a.name, err)
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, a := range env {
		if fs.Lookup(a.name) == nil || set[a.name] || a.value == "" {
			continue
		}
		if err := fs.Set(a.name, a.value); err != nil {
			return nil, a.s, fmt.Errorf("invalid value %q for %s: %w", a.value, a.s.name, err)
		}
	}
	ec.ListenPeerUrls = flags.UniqueURLsFromFlag(fs, "listen-peer-urls")
	ec.AdvertisePeerUrls = flags.UniqueURLsFromFlag(fs, "initial-advertise-peer-urls")
	ec.ListenClientUrls = flags.UniqueURLsFromFlag(fs, "listen-client-urls")
	ec.ListenClientHttpUrls = flags.UniqueURLsFromFlag(fs, "listen-client-http-urls")
	ec.AdvertiseClientUrls = flags.UniqueURLsFromFlag(fs, "advertise-client-urls")
	ec.ListenMetricsUrls = flags.UniqueURLsFromFlag(fs, "listen-metrics-urls")
	ec.DiscoveryCfg.Endpoints = flags.UniqueStringsFromFlag(fs, "discovery-endpoints")
	ec.CORS = flags.UniqueURLsMapFromFlag(fs, "cors")
	ec.HostWhitelist = flags.UniqueStringsMapFromFlag(fs, "host-whitelist")
	ec.ClientTLSInfo.AllowedHostnames = flags.StringsFromFlag(fs, "client-cert-allowed-hostname")
	ec.PeerTLSInfo.AllowedCNs = flags.StringsFromFlag(fs, "peer-cert-allowed-cn")
	ec.PeerTLSInfo.AllowedHostnames = flags.StringsFromFlag(fs, "peer-cert-allowed-hostname")
	ec.CipherSuites = flags.StringsFromFlag(fs, "cipher-suites")
	ec.MaxConcurrentStreams = flags.Uint32FromFlag(fs, "max-concurrent-streams")
	ec.LogOutputs = flags.UniqueStringsFromFlag(fs, "log-outputs")
	ec.ClusterState = clusterState.String()
	if flags.IsSet(fs, "listen-client-urls") && !flags.IsSet(fs, "advertise-client-urls") {
		ec.AdvertiseClientUrls = nil
	}
	if (ec.DNSCluster != "" || ec.DNSClusterServiceName != "" || len(ec.DiscoveryCfg.Endpoints) > 0) && !flags.IsSet(fs, "initial-cluster") {
		ec.InitialCluster = ""
	}
	fs.Visit(func(f *flag.Flag) { ec.FlagsExplicitlySet[f.Name] = true })
	if fallback.String() == "proxy" {
		return nil, nil, errors.New(`v2 proxy is deprecated, and --discovery-fallback can't be configured as "proxy"`)
	}
	return ec, nil, nil
}

// validateLinked runs the linked etcd's embed.Config.Validate without its
// side effects: no log files are opened (a no-op logger is installed),
// journald and log rotation are checked here instead of registering
// global sinks.
func validateLinked(cfg *embed.Config) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("etcd's validation panicked: %v", p)
		}
	}()
	if cfg.Logger == "zap" {
		journal := false
		for _, o := range cfg.LogOutputs {
			if o == embed.JournalLogOutput {
				journal = true
			}
		}
		if journal && len(cfg.LogOutputs) > 1 {
			for _, o := range cfg.LogOutputs {
				if o != embed.DefaultLogOutput {
					return fmt.Errorf("running with systemd/journal but other '--log-outputs' values (%q) are configured with 'default'; override 'default' value with something else", cfg.LogOutputs)
				}
			}
		}
		if journal {
			cfg.LogOutputs = []string{embed.StdErrLogOutput}
		}
		if cfg.EnableLogRotation {
			files := 0
			for _, o := range cfg.LogOutputs {
				switch o {
				case embed.DefaultLogOutput, embed.StdErrLogOutput, embed.StdOutLogOutput:
				default:
					files++
				}
			}
			if files != 1 {
				return embed.ErrLogRotationInvalidLogOutput
			}
			cfg.EnableLogRotation = false
		}
	}
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	return cfg.Validate()
}

// opaqueURLRE matches one URL of a list, capturing its scheme and port.
var opaqueURLRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://[^/]*?(?::(\d+))?(?:/.*)?$`)

// linkedValue is the value handed to the linked etcd's validation for a
// setting. A value behind a variable ($(POD_NAME), ${HOSTNAME}, %H) is
// unknown: a URL list keeps its shape (scheme and port, on a loopback
// address) so that it still counts as set, since etcd requires some
// flags together (--advertise-client-urls with --listen-client-urls);
// any other such value is left out (ok false).
func linkedValue(s *setting) (string, bool) {
	if !s.opaque() {
		return s.value, true
	}
	if s.flag == nil || s.flag.Type != "urls" {
		return "", false
	}
	var out []string
	for _, u := range strings.Split(s.value, ",") {
		m := opaqueURLRE.FindStringSubmatch(strings.TrimSpace(u))
		if m == nil {
			return "", false
		}
		port := m[2]
		if port == "" {
			port = "2379"
		}
		out = append(out, strings.ToLower(m[1])+"://127.0.0.1:"+port)
	}
	return strings.Join(out, ","), true
}
