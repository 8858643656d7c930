/* The route map of a case: country outlines (world-atlas, Natural Earth 1:110m, vendored) drawn as SVG with
 * a projection computed here — no tiles, no network — and the stops of /api/cases/{case}/route as numbered
 * points joined in order. Place names and evidence come from the case: untrusted, set with textContent only.
 * window.filiereMapReady turns true once the outlines and the stops are drawn.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const T = config.text;
  const $ = (id) => document.getElementById(id);
  const svg = $("map");
  const SVG_NS = svg.namespaceURI; // the HTML parser's own name for SVG elements
  const statusLine = $("map-status");
  const WIDTH = 1000;
  let height = 600;
  let home = null; // the view box that frames the route
  let view = null;
  let project = null;
  let stops = [];
  let selected = -1;
  const numberFormat = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 3 });
  const dateFormat = new Intl.DateTimeFormat(config.lang, { dateStyle: "medium" });

  const { fill, el } = window.FiliereDom;
  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }
  function formatDate(value) {
    if (!value) return "";
    const date = new Date(String(value).length <= 10 ? value + "T00:00:00" : value);
    return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
  }
  function hasCoordinates(stop) {
    return Number.isFinite(stop.lat) && Number.isFinite(stop.lon);
  }

  /** Equirectangular projection centred on the route, longitudes shrunk by cos(latitude): fair near the Sahel. */
  function makeProjection(located) {
    let west = -20, east = 40, south = 0, north = 40;
    if (located.length) {
      west = Math.min(...located.map((s) => s.lon));
      east = Math.max(...located.map((s) => s.lon));
      south = Math.min(...located.map((s) => s.lat));
      north = Math.max(...located.map((s) => s.lat));
    }
    const lon0 = (west + east) / 2;
    const lat0 = (south + north) / 2;
    const k = Math.cos((lat0 * Math.PI) / 180);
    const spanLon = Math.max(east - west, 8) * 1.5;
    const spanLat = Math.max(north - south, 5) * 1.5;
    height = Math.round(Math.min(800, Math.max(420, (WIDTH * spanLat) / (spanLon * k))));
    const scale = Math.min(WIDTH / (spanLon * k), height / spanLat);
    return ([lon, lat]) => [WIDTH / 2 + (lon - lon0) * k * scale, height / 2 - (lat - lat0) * scale];
  }

  function ringPath(ring) {
    let d = "";
    let previous = null;
    for (const point of ring) {
      const [x, y] = project(point);
      // a ring crossing the 180th meridian starts a new piece instead of a line across the world
      const jump = previous === null || Math.abs(point[0] - previous) > 180;
      d += (jump ? "M" : "L") + x.toFixed(1) + " " + y.toFixed(1);
      previous = point[0];
    }
    return d + "Z";
  }

  function drawCountries(topology) {
    const group = svgEl("g", { class: "countries" });
    const features = topojson.feature(topology, topology.objects.countries).features;
    for (const feature of features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      const path = svgEl("path", { class: "country", d: polygons.map((rings) => rings.map(ringPath).join("")).join("") });
      const title = svgEl("title");
      title.textContent = (feature.properties && feature.properties.name) || "";
      path.appendChild(title);
      group.appendChild(path);
    }
    svg.appendChild(group);
  }

  function setView(box, redraw = true) {
    const resized = !view || view[2] !== box[2];
    view = box;
    svg.setAttribute("viewBox", box.map((v) => v.toFixed(2)).join(" "));
    if (redraw && resized) drawStops();
  }

  /** Points and labels keep their size on screen whatever the zoom. */
  function drawStops() {
    const old = svg.querySelector("g.stops");
    if (old) old.remove();
    const group = svgEl("g", { class: "stops" });
    const rect = svg.getBoundingClientRect();
    const scale = Math.min(rect.width / view[2], rect.height / view[3]);
    const unit = scale > 0 ? 1 / scale : view[2] / WIDTH; // one screen pixel, in map units
    const located = stops.filter(hasCoordinates);
    if (located.length > 1) {
      const points = located.map((s) => project([s.lon, s.lat]).map((v) => v.toFixed(1)).join(",")).join(" ");
      group.appendChild(svgEl("polyline", { class: "route", points }));
    }
    stops.forEach((stop, index) => {
      if (!hasCoordinates(stop)) return;
      const [x, y] = project([stop.lon, stop.lat]);
      const mark = svgEl("g", { class: "stop" + (index === selected ? " selected" : ""), tabindex: 0 });
      mark.appendChild(svgEl("circle", { cx: x, cy: y, r: 10 * unit }));
      const number = svgEl("text", { class: "number", x, y, "font-size": 11 * unit });
      number.textContent = String(index + 1);
      const name = svgEl("text", { class: "name", x: x + 12 * unit, y: y - 8 * unit, "font-size": 14 * unit, "stroke-width": 3 * unit });
      name.textContent = stop.name;
      const title = svgEl("title");
      title.textContent = index + 1 + ". " + stop.name;
      mark.append(title, number, name);
      mark.addEventListener("click", () => choose(index));
      mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter") choose(index);
      });
      group.appendChild(mark);
    });
    svg.appendChild(group);
  }

  function listStops() {
    const list = $("map-stops");
    list.replaceChildren();
    stops.forEach((stop, index) => {
      const item = el("li", stop.name + (stop.first_seen ? " · " + formatDate(stop.first_seen) : ""));
      if (!hasCoordinates(stop)) item.appendChild(el("span", " (" + T.nocoords + ")", "note"));
      if (index === selected) item.className = "selected";
      item.addEventListener("click", () => choose(index));
      list.appendChild(item);
    });
  }

  function choose(index) {
    selected = index;
    const stop = stops[index];
    const panel = $("map-panel");
    panel.replaceChildren();
    panel.hidden = false;
    panel.appendChild(el("h2", index + 1 + ". " + stop.name));
    const facts = el("dl");
    if (stop.first_seen) facts.append(el("dt", T.firstSeen), el("dd", formatDate(stop.first_seen)));
    if (hasCoordinates(stop)) {
      facts.append(el("dt", T.coordinates), el("dd", numberFormat.format(stop.lat) + " / " + numberFormat.format(stop.lon)));
    }
    panel.appendChild(facts);
    panel.appendChild(el("h3", T.evidence));
    const evidence = Array.isArray(stop.evidence) ? stop.evidence : [];
    if (!evidence.length) panel.appendChild(el("p", T.noevidence, "note"));
    const list = el("ul", null, "links");
    list.id = "map-evidence";
    for (const item of evidence) {
      const isObject = typeof item === "object" && item !== null;
      const id = isObject ? item.id : item;
      const li = el("li");
      const link = el("a", "#" + id + (isObject && (item.title || item.name) ? " " + (item.title || item.name) : ""));
      link.href = config.evidenceUrl + encodeURIComponent(String(id));
      li.appendChild(link);
      if (isObject && item.text) li.appendChild(el("q", item.text));
      list.appendChild(li);
    }
    panel.appendChild(list);
    drawStops();
    listStops();
  }

  function enablePanZoom() {
    svg.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        const rect = svg.getBoundingClientRect();
        const fx = (event.clientX - rect.left) / rect.width;
        const fy = (event.clientY - rect.top) / rect.height;
        const factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
        const [x, y, w, h] = view;
        const nw = Math.min(Math.max(w * factor, WIDTH / 200), WIDTH * 20);
        const nh = (h * nw) / w;
        setView([x + (w - nw) * fx, y + (h - nh) * fy, nw, nh]);
      },
      { passive: false },
    );
    let drag = null;
    svg.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, view: view.slice() };
    });
    svg.addEventListener("pointermove", (event) => {
      if (!drag) return;
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 3) return;
      const rect = svg.getBoundingClientRect();
      const [x, y, w, h] = drag.view;
      const scale = Math.max(w / rect.width, h / rect.height);
      setView([x - (event.clientX - drag.x) * scale, y - (event.clientY - drag.y) * scale, w, h]);
    });
    const stop = () => {
      drag = null;
    };
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointerleave", stop);
    $("map-reset").addEventListener("click", () => setView(home.slice()));
    window.addEventListener("resize", () => drawStops());
  }

  function normalise(route) {
    return (Array.isArray(route.stops) ? route.stops : []).map((s) => ({
      name: String(s.name === null || s.name === undefined ? "?" : s.name),
      place_id: s.place_id,
      lat: s.lat === null || s.lat === undefined ? NaN : Number(s.lat),
      lon: s.lon === null || s.lon === undefined ? NaN : Number(s.lon),
      first_seen: s.first_seen || "",
      evidence: s.evidence,
    }));
  }

  function start([topology, route]) {
    stops = normalise(route);
    const located = stops.filter(hasCoordinates);
    project = makeProjection(located);
    home = [0, 0, WIDTH, height];
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    drawCountries(topology);
    setView(home.slice());
    listStops();
    enablePanZoom();
    statusLine.textContent = located.length ? fill(T.stops, { count: stops.length }) : T.empty;
    window.filiereMap = { stops, choose };
    window.filiereMapReady = true;
  }

  const getJson = (url) =>
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  Promise.all([getJson(config.outlinesUrl), getJson(config.routeUrl)])
    .then(start)
    .catch((error) => {
      statusLine.textContent = T.failed + " (" + error.message + ")";
      window.filiereMapError = String(error.message);
    });
})();
