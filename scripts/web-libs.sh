#!/usr/bin/env bash
# The site's browser libraries, pinned in src/Platter.Web/package.json and its lock file, are
# committed as built files under src/Platter.Web/wwwroot/lib, so that `platter serve` builds and
# runs on a machine without Node.js. This script installs them with `npm ci` (which checks every
# package against the lock file's integrity hash) and then either refreshes the copies (no
# argument, after changing a version) or, with --check, fails when a copy differs from what the
# lock file gives.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/Platter.Web" && pwd)"
cd "$web"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

# package file -> served name
files=(
    "chart.js/dist/chart.umd.min.js:chart.umd.min.js"
    "graphology/dist/graphology.umd.min.js:graphology.umd.min.js"
    "sigma/dist/sigma.min.js:sigma.min.js"
)
mkdir -p wwwroot/lib
status=0
for entry in "${files[@]}"; do
    from="node_modules/${entry%%:*}"; to="wwwroot/lib/${entry##*:}"
    if [ "${1:-}" = "--check" ]; then
        if ! cmp -s "$from" "$to"; then
            echo "src/Platter.Web/$to differs from $from in the lock file's package; run scripts/web-libs.sh to refresh it." >&2
            status=1
        fi
    else
        cp "$from" "$to"
    fi
done
exit $status
