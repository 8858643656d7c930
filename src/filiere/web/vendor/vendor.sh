#!/usr/bin/env bash
# Copy the browser JS/CSS the web workbench needs from npm packages into src/filiere/web/static/vendor/.
#
# Run by a maintainer when updating a package (see docs/web.md), never at install or run time: the copied
# files are committed, so a fresh machine needs neither npm nor a network, and pages load no CDN.
# One `vendor PACKAGE VERSION DEST FILE...` line per package; pin exact versions. Each package's LICENSE
# and a VERSION file (name, version, licence) are written next to its files.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC="$HERE/../static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# vendor PACKAGE VERSION DEST FILE... : fetch PACKAGE@VERSION with `npm pack`, copy FILEs (paths inside the
# package) into static/vendor/DEST/, with the package's licence and a VERSION record.
vendor() {
    local package="$1" version="$2" dest="$3"
    shift 3
    local dir="$WORK/$dest"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$package@$version" >/dev/null)
    tar -xzf "$dir"/*.tgz -C "$dir"
    rm -rf "${STATIC:?}/$dest"
    mkdir -p "$STATIC/$dest"
    for file in "$@"; do
        cp "$dir/package/$file" "$STATIC/$dest/"
    done
    local licence
    licence="$(ls "$dir/package" | grep -iE '^(licen[cs]e|copying)' | head -n 1 || true)"
    if [ -n "$licence" ]; then
        cp "$dir/package/$licence" "$STATIC/$dest/LICENSE"
    fi
    node -e '
        const p = require(process.argv[1]);
        const lic = typeof p.license === "string" ? p.license : JSON.stringify(p.license || p.licenses);
        console.log(`${p.name} ${p.version}\nlicense: ${lic}\nsource: npm pack ${p.name}@${p.version}`);
    ' "$dir/package/package.json" >"$STATIC/$dest/VERSION"
    echo "vendored $package@$version -> static/vendor/$dest"
}

# --- packages (one line each; the link chart and route map add theirs below) ---------------------------
vendor htmx.org 2.0.11 htmx dist/htmx.min.js

# --- link chart (templates/chart.html, static/chart.js, static/chart-layout.js) ----------------------------
# graphology: the graph model behind the chart
vendor graphology 0.26.0 graphology dist/graphology.umd.min.js
# graphology-library: its UMD build brings graphology-layout-forceatlas2 0.10.1 (the chart's layout)
vendor graphology-library 0.8.0 graphology-library dist/graphology-library.min.js
# sigma: WebGL drawing of the chart
vendor sigma 3.0.3 sigma dist/sigma.min.js

# --- route map (templates/map.html, static/map.js) ------------------------------------------------------
# topojson-client: turns the country outlines into GeoJSON
vendor topojson-client 3.1.0 topojson-client dist/topojson-client.min.js
# world-atlas: country outlines, Natural Earth 1:110m (public-domain data), as TopoJSON
vendor world-atlas 2.0.2 world-atlas countries-110m.json
cat >"$STATIC/world-atlas/NOTICE" <<'NOTICE'
countries-110m.json: world-atlas 2.0.2 (Mike Bostock, ISC licence, see LICENSE), a TopoJSON redistribution of
Natural Earth's Admin 0 country boundaries, 1:110m, version 4.1.0. Natural Earth data is in the public domain
(naturalearthdata.com, "Made with Natural Earth. Free vector and raster map data").
NOTICE
