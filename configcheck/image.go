package configcheck

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/etcdlint/etcdlint/rules"
)

// imageKind says how a container image starts etcd when no command is
// given.
type imageKind int

const (
	imageOther    imageKind = iota // not an etcd image, or unknown
	imageOfficial                  // runs etcd, which reads its ETCD_* environment
	imageBitnami                   // builds etcd's flags from its environment
)

// imageRef is a parsed container image reference.
type imageRef struct {
	raw     string
	repo    string // registry and path, without tag or digest
	tag     string
	kind    imageKind
	version rules.Version // from the tag; zero when the tag names none
	arch    string        // an architecture suffix of the tag (arm64)
	// at is where the image is named (nil when not known).
	at *pos
}

// officialRepos are the repositories that publish etcd's own images.
var officialRepos = map[string]bool{
	"gcr.io/etcd-development/etcd":  true,
	"quay.io/coreos/etcd":           true,
	"coreos.com/etcd":               true, // the ACI name rkt fetches
	"registry.k8s.io/etcd":          true,
	"k8s.gcr.io/etcd":               true,
	"gcr.io/google-containers/etcd": true,
	"gcr.io/google_containers/etcd": true,
}

// tagRE matches a version tag: v3.5.18, 3.5.15-0, v3.6.4-arm64,
// 3.5.17-debian-12-r3.
var tagRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+)((?:-[0-9A-Za-z._]+)*)$`)

// archSuffixes are the architecture suffixes etcd image tags carried.
var archSuffixes = map[string]bool{"amd64": true, "arm64": true, "ppc64le": true, "s390x": true, "arm": true, "386": true, "riscv64": true}

// parseImage parses an image reference such as
// registry.k8s.io/etcd:3.5.15-0 or bitnami/etcd:3.5.17@sha256:....
func parseImage(s string) imageRef {
	ref := imageRef{raw: s}
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	repo := s
	if i := strings.LastIndexByte(s, ':'); i > strings.LastIndexByte(s, '/') {
		repo, ref.tag = s[:i], s[i+1:]
	}
	repo = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "registry-1.docker.io/"))
	ref.repo = repo
	switch {
	case officialRepos[repo]:
		ref.kind = imageOfficial
	case path.Base(repo) == "etcd" && strings.Contains(repo, "bitnami"):
		ref.kind = imageBitnami
	}
	if m := tagRE.FindStringSubmatch(ref.tag); m != nil {
		if ver, err := rules.ParseVersion(m[1]); err == nil {
			ref.version = ver
		}
		for _, part := range strings.Split(strings.TrimPrefix(m[2], "-"), "-") {
			if archSuffixes[part] {
				ref.arch = part
			}
		}
	}
	return ref
}

// bitnamiOwn are the variables the Bitnami etcd image reads itself
// (its etcd-env.sh and libetcd.sh) and does not pass to etcd.
var bitnamiOwn = map[string]bool{
	"ALLOW_NONE_AUTHENTICATION": true, "ETCD_ROOT_PASSWORD": true, "ETCD_ROOT_PASSWORD_FILE": true,
	"ETCD_CLUSTER_DOMAIN": true, "ETCD_START_FROM_SNAPSHOT": true, "ETCD_DISASTER_RECOVERY": true,
	"ETCD_ON_K8S": true, "ETCD_INIT_SNAPSHOT_FILENAME": true, "ETCD_INIT_SNAPSHOTS_DIR": true,
	"ETCD_SNAPSHOTS_DIR": true, "ETCD_SNAPSHOT_HISTORY_LIMIT": true, "ETCD_NEW_MEMBERS_ENV_FILE": true,
	"ETCD_DISABLE_STORE_MEMBER_ID": true, "ETCD_DISABLE_PRESTOP": true, "ETCD_PREUPGRADE_START_DELAY": true,
	"ETCD_VOLUME_DIR": true, "ETCD_BASE_DIR": true, "ETCD_BIN_DIR": true, "ETCD_CONF_DIR": true,
	"ETCD_DEFAULT_CONF_DIR": true, "ETCD_TMP_DIR": true, "ETCD_CONF_FILE": true, "ETCD_DAEMON_USER": true,
	"ETCD_DAEMON_GROUP": true, "ETCD_PID_FILE": true,
}

// cmdImages are the images that start etcd with CMD and have no
// ENTRYPOINT (etcd's release Dockerfiles: CMD ["/usr/local/bin/etcd"]):
// arguments given without a command replace etcd instead of reaching it.
var cmdImages = map[string]bool{"gcr.io/etcd-development/etcd": true, "quay.io/coreos/etcd": true}

// markReplacedCmd records flags that replace the CMD of an image that
// runs etcd as its CMD.
func (inv *invocation) markReplacedCmd(src *source, words []word) {
	if len(words) == 0 || !cmdImages[inv.image.repo] || !strings.HasPrefix(words[0].text, "-") {
		return
	}
	p := words[0].in(src).posOf(words[0].off)
	if words[0].in(src) != src {
		p = inv.start
	}
	inv.cmdReplaced, inv.cmdWord = &p, words[0].text
}

// notEtcdEnv reports whether an ETCD_* variable is read by something
// other than etcd: the deployment's version marker, or the image's own
// entrypoint.
func notEtcdEnv(name string, img imageKind) bool {
	return name == "ETCD_VERSION" || img == imageBitnami && bitnamiOwn[name]
}

// binaryVersionRE finds a version in a binary path: /opt/etcd-v3.4.3/etcd.
var binaryVersionRE = regexp.MustCompile(`etcd-v?(\d+\.\d+\.\d+)(?:[-/]|$)`)

// versionFromBinary returns the version a binary path names, if any.
func versionFromBinary(p string) (rules.Version, bool) {
	m := binaryVersionRE.FindStringSubmatch(p)
	if m == nil {
		return rules.Version{}, false
	}
	ver, err := rules.ParseVersion(m[1])
	return ver, err == nil
}

// setDeployed records the version a deployment names, unless one is
// already known from a more specific source.
func (inv *invocation) setDeployed(ver rules.Version, from string) {
	if ver.IsZero() || !inv.deployed.IsZero() {
		return
	}
	ver.HasPatch = true
	inv.deployed, inv.deployedFrom = ver, from
}

// deployedFromEnv takes the version from an ETCD_VERSION variable.
func (inv *invocation) deployedFromEnv(name, value string) {
	if name != "ETCD_VERSION" {
		return
	}
	if ver, err := rules.ParseVersion(strings.TrimPrefix(strings.TrimSpace(value), "v")); err == nil && ver.HasPatch {
		inv.setDeployed(ver, "ETCD_VERSION="+strings.TrimSpace(value))
	}
}

// isShell reports whether a command word runs a shell.
func isShell(w string) bool {
	switch path.Base(w) {
	case "sh", "bash", "ash", "dash", "busybox":
		return true
	}
	return false
}

// checkImage checks the image an invocation runs in: per-architecture
// tags are not published from 3.7, and etcd's own images have no shell
// from 3.5.7.
func (r *run) checkImage(st *checkState) {
	inv := st.inv
	img := inv.image
	if img.kind != imageOfficial {
		return
	}
	if img.arch != "" && !r.target.Less(v("3.7.0")) {
		r.finding("EO3702", 0, inv.src, inv.start, fmt.Sprintf("image %s names the %s architecture tag: etcd %s images are published only under the multi-arch tag, so the %s-suffixed %s tag does not exist", img.raw, img.arch, r.target, img.arch, r.target), nil)
	}
	r.checkImageFloor(st)
	if inv.cmdReplaced != nil {
		r.finding("ES0012", 0, inv.src, *inv.cmdReplaced, fmt.Sprintf("%s gives flags without the etcd command, but %s starts etcd as its CMD (it has no ENTRYPOINT): the flags replace it, so the container runs %q and fails to start (\"executable file not found\"); start the command with etcd (/usr/local/bin/etcd)", inv.what, img.repo, inv.cmdWord), nil)
	}
	if !r.applies("ES3550", st.from) && (img.version.IsZero() || img.version.Less(v("3.5.7"))) {
		return // neither the upgrade nor the image is distroless
	}
	if r.target.Less(v("3.5.7")) {
		return
	}
	if inv.shellAt != nil {
		r.finding("ES3550", 0, inv.src, *inv.shellAt, fmt.Sprintf("%s starts etcd through a shell: etcd %s images have no /bin/sh, so the container fails to start", inv.what, r.target), nil)
	}
	if inv.probeShellAt != nil {
		r.finding("ES3550", 0, inv.src, *inv.probeShellAt, fmt.Sprintf("%s has an exec probe that runs a shell: etcd %s images have no /bin/sh, so the probe always fails and the container is restarted", inv.what, r.target), nil)
	}
}

// checkImageFloor reports an image tag below the catalog's patch floor
// for the first hop of the upgrade (the floors that hold whatever the
// cluster does, not those that depend on auth or learners): every member
// must run that patch before the first one moves to the next minor.
func (r *run) checkImageFloor(st *checkState) {
	img := st.inv.image
	if img.version.IsZero() {
		return
	}
	next := rules.Version{Major: img.version.Major, Minor: img.version.Minor + 1}
	if r.target.Less(next) {
		return // the upgrade stays within the image's minor
	}
	var floor rules.Version
	var ids []string
	for _, f := range r.cat.Floors() {
		if f.When != "" || !f.BeforeVersion().SameMinor(next) || !img.version.Less(f.MinVersion()) {
			continue
		}
		if floor.Less(f.MinVersion()) {
			floor = f.MinVersion()
		}
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	if floor.IsZero() {
		return
	}
	at := st.inv.start
	if img.at != nil {
		at = *img.at
	}
	r.finding("ES0010", 0, st.inv.src, at, fmt.Sprintf("image %s runs etcd %s, below %s, the patch floor of the hop to %s (%s): every member must run %s or later before any moves to %s; move the image there first",
		img.raw, img.version, floor, next, quoteList(ids), floor, next), nil)
}
