#!/usr/bin/env bash
# Runs every test of MokoCRM on a fresh machine: installs what is missing (as root), builds, runs all test
# assemblies against real PostgreSQL and prints "N passed, N failed, N skipped" as the last line.
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; }
have_pg || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/tmp/moko-apt.log 2>&1 \
      || { echo "test.sh: apt-get install ${need[*]} failed, see /tmp/moko-apt.log"; exit 1; }
  else
    echo "test.sh: please install: ${need[*]} (Debian: sudo apt-get install ${need[*]})"
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build MokoCrm.sln -c Release -nologo -v q -p:UseSharedCompilation=false || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
dotnet test MokoCrm.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one line per assembly: "Passed!  - Failed: 0, Passed: 5, Skipped: 0, Total: 5, ..."
read -r passed failed skipped < <(sed -n -E 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+).*/\3 \2 \4/p' "$log" \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
aborted=$(grep -c -E "Test Run Aborted|exited with error" "$log")
rm -f "$log"
if [ "$aborted" -gt 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
