#!/usr/bin/env bash
# Put the web UI's front-end files into newsgraph/web/static/vendor/ from the npm registry.
# Pinned versions; run again after changing a pin. The UI itself has no CDN or runtime download.
#   world-atlas      Natural Earth 1:110m country shapes as TopoJSON (the map's base layer)
#   topojson-client  decodes that TopoJSON into GeoJSON in the browser
set -euo pipefail
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/newsgraph/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" >/dev/null
mkdir -p wa tc "$DEST"
tar -xzf "world-atlas-$WORLD_ATLAS.tgz" -C wa
tar -xzf "topojson-client-$TOPOJSON_CLIENT.tgz" -C tc
cp wa/package/countries-110m.json "$DEST/countries-110m.json"
cp wa/package/LICENSE "$DEST/LICENSE.world-atlas"
cp tc/package/dist/topojson-client.min.js "$DEST/topojson-client.min.js"
cp tc/package/LICENSE "$DEST/LICENSE.topojson-client"
cat > "$DEST/VERSIONS" <<TXT
world-atlas $WORLD_ATLAS (npm; Natural Earth, public domain data; ISC licence)
topojson-client $TOPOJSON_CLIENT (npm; ISC licence)
TXT
echo "vendored into $DEST"
