#!/usr/bin/env bash
# validate-sarif.sh validates SARIF files with the reference validator, the
# SARIF Multitool (npm package @microsoft/sarif-multitool), running both the
# SARIF 2.1.0 schema/specification rules and GitHub's ingestion rules
# (--rule-kind "Gh;Sarif"). It fails when the validator reports an error.
#
# Usage: validate-sarif.sh [FILE.sarif...]
#   With no arguments it validates the golden SARIF files beside it, which
#   the Go tests keep identical to the renderer's output.
#
# Needs node and npm (the registry or a cache). The multitool is installed
# once into $SARIF_MULTITOOL_DIR (default: the user cache directory);
# SARIF_MULTITOOL_VERSION pins its version.
set -euo pipefail

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SARIF_MULTITOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/etcdlint/sarif-multitool-$version}"

if [ "$#" -eq 0 ]; then
	set -- "$here"/golden/*.sarif
fi

for tool in node npm; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "validate-sarif.sh: $tool is not installed; the SARIF Multitool needs node and npm" >&2
		exit 2
	fi
done

case "$(uname -s)" in
Linux) platform=linux ;;
Darwin) platform=darwin ;;
*) echo "validate-sarif.sh: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac

bin="$cache/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool"
if [ ! -e "$bin" ]; then
	mkdir -p "$cache"
	# npm may skip the package's postinstall script (chmod of the binary):
	# the chmod below does its work.
	timeout 600 npm install --no-save --no-audit --no-fund --loglevel=error \
		--prefix "$cache" "@microsoft/sarif-multitool@$version" >&2
fi
chmod u+x "$bin"

# The multitool is a self-contained .NET program; invariant globalization
# spares it a dependency on libicu.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

status=0
n=0
for f in "$@"; do
	n=$((n + 1))
	log="$out/$n.validation.sarif" # a new name per input: the multitool will not overwrite
	if ! timeout 300 "$bin" validate --rule-kind "Gh;Sarif" -o "$log" "$f" >"$out/stdout" 2>&1; then
		cat "$out/stdout" >&2
		echo "validate-sarif.sh: the multitool failed on $f" >&2
		status=1
		continue
	fi
	# The multitool exits 0 even when it reports errors: read its log.
	if ! node -e '
		const fs = require("fs");
		const [log, file] = process.argv.slice(1);
		const results = JSON.parse(fs.readFileSync(log, "utf8")).runs.flatMap(r => r.results || []);
		let errors = 0;
		for (const r of results) {
			const level = r.level || "warning";
			if (level === "error") errors++;
			const text = (r.message && (r.message.text || (r.message.arguments || []).join(" "))) || "";
			console.log(`${file}: ${level} ${r.ruleId}: ${text}`.slice(0, 300));
		}
		if (errors > 0) { console.error(`${file}: ${errors} error(s)`); process.exit(1); }
		console.log(`${file}: valid (${results.length} warning or note result(s))`);
	' "$log" "$f"; then
		status=1
	fi
done
exit "$status"
