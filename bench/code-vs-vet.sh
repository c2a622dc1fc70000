#!/usr/bin/env bash
# code-vs-vet.sh compares `etcdlint code ./...` (with the trial type-check
# against the target etcd, and with --trial=off) with `go vet ./...` on a
# large real module that uses etcd's client, API and raft packages in many
# packages: go.etcd.io/etcd/server/v3 (default v3.5.32) from the module
# proxy, copied to a temporary directory and made its own module root.
#
# Each command runs first cold, from its own empty GOCACHE and, for
# etcdlint, its own empty result cache (ETCDLINT_CACHE; the module cache
# is shared and filled beforehand), then warm: a second run on the same
# caches (for go vet with a flag value never used before, so that vet
# analyses every package again while the compiled export data stays
# cached). For each run the script prints wall time, CPU time and the peak
# resident memory of the largest process, then the ratios etcdlint/vet and
# cold/warm.
#
# Usage: bench/code-vs-vet.sh [server/v3 version] [target]
set -euo pipefail

version=${1:-v3.5.32}
target=${2:-3.7}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOWORK=off

echo "preparing go.etcd.io/etcd/server/v3@$version in $work/server"
src=$(go mod download -json "go.etcd.io/etcd/server/v3@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -R "$src" "$work/server"
chmod -R u+w "$work/server"
cd "$work/server"
# The published go.mod points its sibling modules at ../ directories of
# the etcd repository: use their released versions instead.
for r in $(go mod edit -json | sed -n 's/.*"Path": "\(go\.etcd\.io\/[^"]*\)".*/\1/p' | sort -u); do
	go mod edit -dropreplace="$r" 2>/dev/null || true
done
go mod edit -toolchain=none
go mod download

(cd "$root" && go build -o "$work/etcdlint" ./cmd/etcdlint)

pkgs=$(go list ./... | wc -l)
etcdpkgs=$(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | grep -c ' go\.etcd\.io/' || true)
echo "module: $pkgs packages, $etcdpkgs importing go.etcd.io packages; target $target"
# Fill the module cache with the target's modules once, so that the cold
# runs measure building, not downloading.
GOCACHE="$work/cache-fill" ETCDLINT_CACHE=off "$work/etcdlint" code --target "$target" ./... >"$work/fill.out" 2>&1 || true
tail -n 1 "$work/fill.out"

# measure NAME CACHE CMD... runs CMD with GOCACHE=CACHE and records wall
# time, CPU time and peak RSS.
measure() {
	local name=$1 cache=$2
	shift 2
	GOCACHE="$cache" ETCDLINT_CACHE="$cache-results" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name.out" 2>&1 || true
	read -r wall user sys rss < <(tail -n 1 "$work/time")
	cpu=$(awk "BEGIN {print $user + $sys}")
	echo "$name wall=${wall}s cpu=${cpu}s maxrss=$((rss / 1024))MiB"
	echo "$wall $rss" >"$work/$name.txt"
}
measure vet-cold "$work/c-vet" go vet -printf.funcs=etcdlintbench1 ./...
measure vet-warm "$work/c-vet" go vet -printf.funcs=etcdlintbench2 ./...
measure trial-cold "$work/c-trial" "$work/etcdlint" code --target "$target" ./...
measure trial-warm "$work/c-trial" "$work/etcdlint" code --target "$target" ./...
measure off-cold "$work/c-off" "$work/etcdlint" code --target "$target" --trial=off ./...
measure off-warm "$work/c-off" "$work/etcdlint" code --target "$target" --trial=off ./...
tail -n 1 "$work/trial-cold.out"

wall() { cut -d' ' -f1 <"$work/$1.txt"; }
rss() { cut -d' ' -f2 <"$work/$1.txt"; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
echo "cold: trial/vet $(ratio "$(wall trial-cold)" "$(wall vet-cold)"), off/vet $(ratio "$(wall off-cold)" "$(wall vet-cold)")"
echo "warm: trial/vet $(ratio "$(wall trial-warm)" "$(wall vet-warm)"), off/vet $(ratio "$(wall off-warm)" "$(wall vet-warm)")"
echo "cold/warm: trial $(ratio "$(wall trial-cold)" "$(wall trial-warm)"), off $(ratio "$(wall off-cold)" "$(wall off-warm)"), vet $(ratio "$(wall vet-cold)" "$(wall vet-warm)")"
echo "peak RSS (largest process), cold: vet $(($(rss vet-cold) / 1024))MiB, trial $(($(rss trial-cold) / 1024))MiB, off $(($(rss off-cold) / 1024))MiB; ratio trial/vet $(ratio "$(rss trial-cold)" "$(rss vet-cold)")"
