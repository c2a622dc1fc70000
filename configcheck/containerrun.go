package configcheck

import (
	"path"
	"strings"
)

// containerRun is a container engine command that runs etcd in an image:
// docker run, podman run or rkt run, read from a unit's ExecStart= or a
// shell command.
type containerRun struct {
	tool     word     // the engine word (docker, /usr/bin/podman, rkt)
	image    imageRef // the image the container runs
	imageAt  word
	env      []word // -e NAME=VALUE or -e NAME (passed from the caller)
	envFiles []word // --env-file FILE
	// cmd is the explicit etcd command and args its arguments; with no
	// explicit command the image's entrypoint runs etcd with args.
	cmd    word
	hasCmd bool
	args   []word
	// shell is set when the container's command is a shell.
	shell *word
}

// dockerValueFlags are the options of `docker run` (and `docker container
// run`) that take a value, from the Docker CLI reference
// (https://docs.docker.com/reference/cli/docker/container/run/), and of
// `podman run`, which adds its own, from podman-run(1)
// (https://docs.podman.io/en/latest/markdown/podman-run.1.html). Options
// not listed are boolean (-d, -i, -t, --rm, --privileged, --init, -P,
// --read-only ...). The value of a listed option is the next word unless
// written as --opt=value.
var dockerValueFlags = map[string]bool{
	// docker run
	"a": true, "attach": true, "add-host": true, "annotation": true, "blkio-weight": true, "blkio-weight-device": true,
	"cap-add": true, "cap-drop": true, "cgroup-parent": true, "cgroupns": true, "cidfile": true,
	"cpu-period": true, "cpu-quota": true, "cpu-rt-period": true, "cpu-rt-runtime": true, "c": true, "cpu-shares": true,
	"cpus": true, "cpuset-cpus": true, "cpuset-mems": true, "detach-keys": true, "device": true,
	"device-cgroup-rule": true, "device-read-bps": true, "device-read-iops": true, "device-write-bps": true,
	"device-write-iops": true, "dns": true, "dns-option": true, "dns-opt": true, "dns-search": true, "domainname": true,
	"entrypoint": true, "e": true, "env": true, "env-file": true, "expose": true, "gpus": true, "group-add": true,
	"health-cmd": true, "health-interval": true, "health-retries": true, "health-start-period": true,
	"health-start-interval": true, "health-timeout": true, "h": true, "hostname": true, "ip": true, "ip6": true,
	"ipc": true, "isolation": true, "kernel-memory": true, "l": true, "label": true, "label-file": true, "link": true,
	"link-local-ip": true, "log-driver": true, "log-opt": true, "mac-address": true, "m": true, "memory": true,
	"memory-reservation": true, "memory-swap": true, "memory-swappiness": true, "mount": true, "name": true,
	"network": true, "net": true, "network-alias": true, "net-alias": true, "oom-score-adj": true, "pid": true,
	"pids-limit": true, "platform": true, "p": true, "publish": true, "pull": true, "restart": true, "runtime": true,
	"security-opt": true, "shm-size": true, "stop-signal": true, "stop-timeout": true, "storage-opt": true,
	"sysctl": true, "tmpfs": true, "ulimit": true, "u": true, "user": true, "userns": true, "uts": true,
	"v": true, "volume": true, "volume-driver": true, "volumes-from": true, "w": true, "workdir": true,
	// podman run
	"arch": true, "authfile": true, "cert-dir": true, "cgroup-conf": true, "cgroups": true, "chrootdirs": true,
	"conmon-pidfile": true, "creds": true, "decryption-key": true, "env-merge": true, "gidmap": true,
	"group-entry": true, "hostuser": true, "image-volume": true, "init-path": true, "os": true,
	"passwd-entry": true, "personality": true, "pidfile": true, "pod": true, "pod-id-file": true,
	"preserve-fd": true, "preserve-fds": true, "rdt-class": true, "requires": true, "retry": true,
	"retry-delay": true, "sdnotify": true, "seccomp-policy": true, "secret": true, "shm-size-systemd": true,
	"subgidname": true, "subuidname": true, "systemd": true, "timeout": true, "tz": true, "uidmap": true,
	"umask": true, "unsetenv": true, "variant": true,
}

// rktValueFlags are the options of `rkt run` that take a value, from
// rkt's run reference (https://github.com/rkt/rkt/blob/master/Documentation/subcommands/run.md).
// --net and --dns are left out: they have optional values and must be
// written --net=host.
var rktValueFlags = map[string]bool{
	"volume": true, "mount": true, "port": true, "set-env": true, "set-env-file": true, "hostname": true,
	"uuid-file-save": true, "insecure-options": true, "pod-manifest": true, "stage1-name": true,
	"stage1-url": true, "stage1-path": true, "stage1-hash": true, "stage1-from-dir": true, "exec": true,
	"user": true, "group": true, "environment": true, "name": true, "caps-retain": true, "caps-remove": true,
	"hosts-entry": true, "dns-search": true, "dns-opt": true, "dns-domain": true, "cpu": true, "memory": true,
	"user-annotation": true, "user-label": true, "working-dir": true, "seccomp": true, "supplementary-gids": true,
	"signature": true, "readonly-rootfs": true, "oom-score-adj": true, "cpu-shares": true, "private-users": true,
}

// containerTool reports which engine a command word runs, if any.
func containerTool(w string) string {
	switch path.Base(w) {
	case "docker", "podman", "nerdctl":
		return "docker"
	case "rkt":
		return "rkt"
	}
	return ""
}

// parseContainerRun reads an engine run command from words (a command's
// words after the separator before it, up to the next). ok is false when
// the words are no container run of etcd.
func parseContainerRun(words []word) (cr containerRun, ok bool) {
	i := 0
	for i < len(words) && (wrappers[words[i].text] || isAssignment(words[i].text)) {
		i++
	}
	if i >= len(words) {
		return cr, false
	}
	tool := containerTool(words[i].text)
	if tool == "" {
		return cr, false
	}
	cr.tool = words[i]
	i++
	if tool == "docker" && i < len(words) && words[i].text == "container" {
		i++
	}
	if i >= len(words) || words[i].text != "run" {
		return cr, false
	}
	i++
	table := dockerValueFlags
	if tool == "rkt" {
		table = rktValueFlags
	}
	var entrypoint *word
	for i < len(words) {
		w := words[i]
		if w.text == "--" {
			i++
			break
		}
		if len(w.text) < 2 || w.text[0] != '-' {
			break
		}
		name, value, inline := strings.Cut(strings.TrimLeft(w.text, "-"), "=")
		if !strings.HasPrefix(w.text, "--") && len(name) > 1 && !inline {
			// A cluster of short options (-it, -de): only the last may
			// take a value (-de NAME=V).
			name = name[len(name)-1:]
		}
		takes := table[name]
		if takes && !inline {
			if i+1 >= len(words) {
				return cr, false
			}
			i++
			value = words[i].text
			w = word{text: value, off: words[i].off, src: words[i].src}
		} else if inline {
			w = word{text: value, off: w.off, src: w.src}
		}
		switch {
		case !takes:
		case name == "e" || name == "env" || name == "set-env" || name == "environment":
			cr.env = append(cr.env, w)
		case name == "env-file" || name == "set-env-file":
			cr.envFiles = append(cr.envFiles, w)
		case name == "entrypoint":
			ep := w
			entrypoint = &ep
		}
		i++
	}
	if i >= len(words) {
		return cr, false
	}
	cr.imageAt = words[i]
	cr.image = parseImage(strings.TrimPrefix(words[i].text, "docker://"))
	i++
	rest := words[i:]
	if tool == "rkt" {
		// rkt run IMAGE [--exec CMD] [--environment K=V ...] [-- ARGS]:
		// the options after the image are the app's.
		var args []word
		for j := 0; j < len(rest); j++ {
			w := rest[j]
			name, value, inline := strings.Cut(strings.TrimLeft(w.text, "-"), "=")
			switch {
			case w.text == "--" || w.text == "---":
				if w.text == "--" {
					args = append(args, rest[j+1:]...)
				}
				j = len(rest)
				continue
			case strings.HasPrefix(w.text, "--") && rktValueFlags[name]:
				if !inline && j+1 < len(rest) {
					j++
					value = rest[j].text
					w = rest[j]
				}
				v := word{text: value, off: w.off, src: w.src}
				switch name {
				case "exec":
					ep := v
					entrypoint = &ep
				case "environment", "set-env":
					cr.env = append(cr.env, v)
				}
				continue
			}
			args = append(args, w)
		}
		rest = args
	}
	if entrypoint != nil {
		rest = append([]word{*entrypoint}, rest...)
	}
	if len(rest) > 0 && isShell(rest[0].text) {
		sh := rest[0]
		cr.shell = &sh
		// sh -c "exec etcd ...": the etcd command inside.
		for _, w := range rest[1:] {
			if !strings.ContainsAny(w.text, " \t") {
				continue
			}
			inner, _ := splitWords([]byte(w.text), 0, len(w.text), modeShell)
			for k := range inner {
				inner[k].off, inner[k].src = w.off, w.src
			}
			if _, cw, args, found := commandWords(inner); found {
				cr.cmd, cr.hasCmd, cr.args = cw, true, args
				return cr, true
			}
		}
		return cr, false
	}
	switch {
	case len(rest) > 0 && isEtcdCommand(rest[0].text) && path.Base(rest[0].text) != "etcd-wrapper":
		cr.cmd, cr.hasCmd, cr.args = rest[0], true, rest[1:]
	case cr.image.kind != imageOther && (len(rest) == 0 || strings.HasPrefix(rest[0].text, "-")):
		// The image's entrypoint runs etcd with these flags (if any).
		cr.args = rest
	case cr.image.kind == imageOther && strings.Contains(cr.image.repo, "etcd") && len(rest) > 0 && strings.HasPrefix(rest[0].text, "-"):
		cr.args = rest
	default:
		return cr, false
	}
	return cr, true
}

// containerRuns finds the container runs of etcd among a shell script's
// commands.
func containerRuns(words []word) []containerRun {
	var out []containerRun
	start := 0
	for i := 0; i <= len(words); i++ {
		if i < len(words) && !words[i].sep {
			continue
		}
		if cr, ok := parseContainerRun(words[start:i]); ok {
			out = append(out, cr)
		}
		start = i + 1
	}
	return out
}
