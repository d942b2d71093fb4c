#!/usr/bin/env bash
# Runs the README's first quick-start command, `npm run demo`, and checks that it prints the
# dashboard's URL and that the URL serves flows from the embedded demo relay. Bounded: gives up
# after 10 minutes (the demo builds first when the build is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${DEMO_CHECK_PORT:-3990}"
log="$(mktemp)"
# In a process group of its own, so that stopping it stops the whole tree (npm, the demo
# script, the Next.js server it starts), not only npm's direct children.
PORT="$port" setsid npm run demo >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Whatever ignored TERM within 10 s is killed.
  for _ in $(seq 1 20); do
    pgrep -g "$pid" >/dev/null 2>&1 || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT
url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'Flowscope demo: http://[^ ]*' "$log" | head -1 | sed 's/^Flowscope demo: //')" || true
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "npm run demo stopped before printing its URL:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  sleep 1
done
if [ -z "$url" ]; then
  echo "npm run demo printed no URL within 10 minutes" >&2
  tail -40 "$log" >&2
  exit 1
fi
base="${url%/flows}"
curl -fsS -o /dev/null "$url"
flows=0
for _ in $(seq 1 30); do
  flows="$(curl -fsS "$base/api/flows?limit=5" | node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const j=JSON.parse(s);console.log((j.flows??j.items??[]).length)})')"
  [ "$flows" -gt 0 ] && break
  sleep 1
done
if [ "$flows" -eq 0 ]; then
  echo "the demo at $base served no flows within 30 s" >&2
  exit 1
fi
echo "npm run demo: served $url with flows from the demo relay"
