#!/usr/bin/env bash
# code-vs-vet.sh compares `etcdlint code ./...` with `go vet ./...` on a
# large real module that uses etcd's client, API and raft packages in many
# packages: go.etcd.io/etcd/server/v3 (default v3.5.35) from the module
# proxy, copied to a temporary directory and made its own module root.
#
# Both commands run warm (export data compiled, module cache filled, but
# no cached vet results) and RUNS times each; the script prints each run's wall time, CPU time and
# the peak resident memory of the largest process of the run, then the
# median ratio etcdlint/vet.
#
# Usage: bench/code-vs-vet.sh [server/v3 version] (RUNS=3 by default)
set -euo pipefail

version=${1:-v3.5.35}
runs=${RUNS:-3}
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
echo "module: $pkgs packages, $etcdpkgs importing go.etcd.io packages"

echo "warming the build cache"
go vet ./... >"$work/warm.out" 2>&1 || true
"$work/etcdlint" code ./... >"$work/code.out" 2>&1 || true
tail -n 1 "$work/code.out"

# measure NAME CMD... runs CMD (with @RUN@ in its arguments replaced by a
# value new for each run) and prints wall time, CPU time and peak RSS.
measure() {
	local name=$1
	shift
	for i in $(seq "$runs"); do
		local args=()
		for a in "$@"; do args+=("${a//@RUN@/$$x$i}"); done
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "${args[@]}" >"$work/$name.out" 2>&1 || true
		read -r wall user sys rss < <(tail -n 1 "$work/time")
		cpu=$(awk "BEGIN {print $user + $sys}")
		echo "$name wall=${wall}s cpu=${cpu}s maxrss=$((rss / 1024))MiB"
		echo "$wall $rss" >>"$work/$name.txt"
	done
}
# go vet caches its results per package; a vet flag value never used
# before (a -printf.funcs name nothing calls) makes every package be
# analysed again, while the compiled export data stays cached.
measure "go-vet" go vet -printf.funcs=etcdlintbench@RUN@ ./...
measure "etcdlint-code" "$work/etcdlint" code ./...

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
vet=$(cut -d' ' -f1 <"$work/go-vet.txt" | median)
code=$(cut -d' ' -f1 <"$work/etcdlint-code.txt" | median)
vetrss=$(cut -d' ' -f2 <"$work/go-vet.txt" | median)
coderss=$(cut -d' ' -f2 <"$work/etcdlint-code.txt" | median)
echo "median wall: go vet ${vet}s, etcdlint code ${code}s, ratio $(awk "BEGIN {printf \"%.2f\", $code / $vet}")"
echo "median peak RSS (largest process): go vet $((vetrss / 1024))MiB, etcdlint code $((coderss / 1024))MiB"
