#!/usr/bin/env bash
# Runs MokoCRM on http://127.0.0.1:5080 with its own embedded PostgreSQL (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${ConnectionStrings__Default:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql fonts-dejavu-core
  else
    echo "run.sh: please install PostgreSQL 14+ server binaries (Debian: sudo apt-get install postgresql)"; exit 1
  fi
fi
exec dotnet run --project src/MokoCrm.Web -c Release "$@"
