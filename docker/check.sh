#!/bin/sh
# Validates docker/compose.yaml (with and without the gpu profile) using the Compose
# plugin (docker compose) or the standalone docker-compose, whichever is installed.
# Neither needs a running Docker engine for this. Exits 0 when valid, 1 when invalid,
# 2 when no Compose implementation is installed (nothing was validated).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
file="$here/compose.yaml"
# Validate with the documented defaults, independent of a local docker/.env.
env_file="$here/.env.example"

if docker compose version >/dev/null 2>&1; then
  compose="docker compose"
elif command -v docker-compose >/dev/null 2>&1; then
  compose="docker-compose"
else
  echo "check.sh: NOT VALIDATED - neither 'docker compose' (the Compose plugin) nor 'docker-compose' is installed." >&2
  echo "check.sh: install one (e.g. apt-get install docker-compose-plugin, or docker-compose) and run again." >&2
  exit 2
fi

echo "check.sh: validating $file with $($compose version | head -n 1)"
# shellcheck disable=SC2086
$compose --env-file "$env_file" -f "$file" config -q
# shellcheck disable=SC2086
$compose --env-file "$env_file" -f "$file" --profile gpu config -q
# shellcheck disable=SC2086
$compose --env-file "$env_file" -f "$file" --profile replicas config -q
echo "check.sh: compose.yaml is valid (default and gpu profiles)"
