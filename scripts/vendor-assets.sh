#!/usr/bin/env bash
# Re-vendor the front-end assets from their npm packages into static/vendor/.
# The results are committed: the portal never loads anything from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
ECHARTS=5.6.0
IDB=8.0.4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "echarts@$ECHARTS" "idb@$IDB" >/dev/null)
for pkg in "bootstrap-$BOOTSTRAP" "echarts-$ECHARTS" "idb-$IDB"; do
  mkdir -p "$work/$pkg" && tar xzf "$work/$pkg.tgz" -C "$work/$pkg"
done
rm -rf static/vendor && mkdir -p "static/vendor/bootstrap-$BOOTSTRAP" "static/vendor/echarts-$ECHARTS" "static/vendor/idb-$IDB"
# Source-map comments point at files we don't ship.
sed '/sourceMappingURL/d' "$work/bootstrap-$BOOTSTRAP/package/dist/css/bootstrap.min.css" \
  > "static/vendor/bootstrap-$BOOTSTRAP/bootstrap.min.css"
# The bundle (with Popper) drives the phone menu's collapse.
sed '/sourceMappingURL/d' "$work/bootstrap-$BOOTSTRAP/package/dist/js/bootstrap.bundle.min.js" \
  > "static/vendor/bootstrap-$BOOTSTRAP/bootstrap.bundle.min.js"
cp "$work/bootstrap-$BOOTSTRAP/package/LICENSE" "static/vendor/bootstrap-$BOOTSTRAP/"
cp "$work/echarts-$ECHARTS/package/dist/echarts.min.js" "$work/echarts-$ECHARTS/package/LICENSE" \
  "static/vendor/echarts-$ECHARTS/"
# idb's UMD build (window.idb): the field pages' IndexedDB drafts and outbox.
sed '/sourceMappingURL/d' "$work/idb-$IDB/package/build/umd.js" > "static/vendor/idb-$IDB/umd.js"
cp "$work/idb-$IDB/package/LICENSE" "static/vendor/idb-$IDB/"
echo "vendored bootstrap $BOOTSTRAP, echarts $ECHARTS and idb $IDB into static/vendor/"
