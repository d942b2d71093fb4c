#!/usr/bin/env bash
# Runs nginx in the foreground as the reverse proxy of the end-to-end tests:
#   scripts/e2e-nginx.sh LISTEN_PORT UPSTREAM_PORT [TEMPLATE]
# TEMPLATE is a file in e2e/proxy/ (default nginx.conf.template).
set -euo pipefail
listen=${1:?listen port}
upstream=${2:?upstream port}
template=${3:-nginx.conf.template}
dir=$(mktemp -d /tmp/flowscope-e2e-nginx.XXXXXX)
here=$(cd "$(dirname "$0")/.." && pwd)
sed -e "s#@DIR@#$dir#g" -e "s#@PORT@#$listen#g" -e "s#@UPSTREAM@#$upstream#g" \
  "$here/e2e/proxy/$template" >"$dir/nginx.conf"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" &
pid=$!
wait "$pid"
