#!/usr/bin/env bash
# Runs Platter's whole test suite on a fresh Debian machine with only the .NET SDK:
# installs what the tests need, builds with warnings as errors, checks formatting,
# runs every test project, and ends by printing the totals alone on a line:
#   N passed, N failed[, N skipped]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_pkgs=()
# Debian packages the tests use; install only what is missing. chromium drives the browser
# tests (through Playwright, which cannot download a browser of its own here); redis-server is
# the real server the Redis export is checked against; postgresql is the second store (the tests
# run their own throw-away cluster on a free port, as the postgres user when run as root); wrk
# loads the site in the benchmark.
for pkg in sqlite3 chromium redis-server postgresql wrk; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_pkgs+=("$pkg")
done
# Node.js checks the site's committed browser libraries against their lock file (npm ci).
command -v npm >/dev/null 2>&1 || need_pkgs+=(nodejs npm)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
    else
        sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
    fi
    # The packages start system-wide servers where they can; the tests start their own.
    if command -v service >/dev/null 2>&1; then
        service redis-server stop >/dev/null 2>&1 || true
        service postgresql stop >/dev/null 2>&1 || true
    fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A test host stops the shared PostgreSQL server when it exits; vstest's default 100 ms
# before it kills the host (and calls the run aborted) is too short for that.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT=15000
bash scripts/web-libs.sh --check
dotnet build Platter.slnx -c Release -warnaserror -nologo -v quiet
dotnet format Platter.slnx --verify-no-changes --no-restore -v quiet

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
# --blame: when a test host crashes, name the test it was running.
dotnet test Platter.slnx -c Release --no-build --blame --logger "trx" --results-directory "$results" -v quiet || status=$?

# Count the real outcomes from the TRX files the runs wrote.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
line = f"{passed} passed, {failed} failed"
if skipped: line += f", {skipped} skipped"
print(line)
PY
exit $status
