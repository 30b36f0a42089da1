#!/usr/bin/env bash
# Packaging check: the packed tarball installs into fresh ESM and CJS consumer projects, imports from every entry
# point at run time, and typechecks under moduleResolution node16 (ESM and CJS) and bundler; attw checks the types map.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$tmp" | tail -n1)"
echo "packed $tarball"

echo "--- are the types wrong? (attw)"
npx --no-install attw "$tmp/$tarball" --profile node16 --exclude-entrypoints ./package.json

zod_version="$(node -p "require('./node_modules/zod/package.json').version")"
ts_version="$(node -p "require('./node_modules/typescript/package.json').version")"

for kind in esm cjs; do
  echo "--- consumer: $kind"
  dir="$tmp/consumer-$kind"
  mkdir -p "$dir"
  cp -R "$root/test/packaging/fixtures/$kind/." "$dir/"
  (
    cd "$dir"
    npm install --no-audit --no-fund --silent "$tmp/$tarball" "zod@$zod_version" "typescript@$ts_version" "@types/node@20" >/dev/null
    npx --no-install tsc -p tsconfig.json
    node "index.$([ "$kind" = esm ] && echo mjs || echo cjs)"
  )
done
echo "packaging OK"
