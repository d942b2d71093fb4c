#!/usr/bin/env bash
# Fails when regenerating proto/gen from proto/*.proto would change the committed code.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx buf lint proto
npx buf generate proto --template proto/buf.gen.yaml -o "$tmp"
if ! diff -r "$tmp/gen" proto/gen >"$tmp/diff.txt"; then
  echo "proto/gen is out of date with proto/*.proto; run 'npm run proto:gen' and commit:" >&2
  head -50 "$tmp/diff.txt" >&2
  exit 1
fi
echo "proto/gen matches proto/*.proto"
