#!/usr/bin/env bash
# Vendors the Vega-Lite v5 JSON schema (the version JupyterLab 4's built-in renderer accepts)
# from the vega-lite npm package into test/fixtures/vegalite/, gzipped. The repository itself
# depends on vega-lite 6, whose schema is v6; the display tests validate every emitted spec
# against v5 (test/display/vlschema.test.ts). Run once when bumping the version; no test
# downloads anything.
set -euo pipefail
VERSION="${1:-5.23.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "vega-lite@$VERSION" >/dev/null && tar xzf "vega-lite-$VERSION.tgz" package/build/vega-lite-schema.json)
out="$here/test/fixtures/vegalite/vega-lite-v5-schema.json.gz"
gzip -9 -n -c "$tmp/package/build/vega-lite-schema.json" > "$out"
echo "$VERSION" > "$here/test/fixtures/vegalite/vega-lite-v5-schema.version"
echo "wrote $out (vega-lite $VERSION)"
