/* The link chart of a case: sigma.js (WebGL) draws the graph of /api/cases/{case}/graph.
 *
 * Everything that comes from the case (names, numbers, roles) is untrusted: it reaches the page only through
 * textContent, .value and setAttribute, never as HTML. Filters are sigma reducers (no graph rebuild), so the
 * chart stays smooth with 5,000 nodes and 20,000 links. The layout is ForceAtlas2 from fixed starting
 * positions in fixed steps: the same case gives the same picture. window.filiereChartReady turns true once
 * sigma has drawn and the controls answer (bench/web_chart.py and the browser tests wait for it);
 * window.filiereChart exposes the graph, the renderer and the actions for those tests.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("chart-config").textContent);
  const T = config.text;
  const $ = (id) => document.getElementById(id);
  const statusLine = $("chart-status");

  const ROLE_COLOURS = {
    organiser: "#d62728",
    recruiter: "#ff7f0e",
    transporter: "#8c564b",
    guide: "#bcbd22",
    ghetto_keeper: "#9467bd",
    financier: "#2ca02c",
    forger: "#e377c2",
    corrupt_official: "#393b79",
    exploiter: "#7b241c",
    victim: "#1f77b4",
    migrant: "#17becf",
    unknown: "#a0a0a0",
    number: "#d0d0d0",
    label: "#e0cfa8",
  };
  const COMMUNITY_COLOURS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39",
  ];
  const KIND_COLOURS = {
    call: "#9db4cc",
    sms: "#b7a6d6",
    cooccurrence: "#cfcfcf",
    travel: "#d9b38c",
    payment: "#7fbf8e",
    talks_about: "#d6ca8f",
    gives_orders: "#e07b7b",
  };
  const LINK_COLOUR = "#b0b0b0";
  const DIMMED_NODE = "#e6e6e6";
  const DIMMED_EDGE = "#f0f0f0";
  const LAYOUT_STEP = 5; // iterations per slice: fixed, so the result never depends on the machine's speed
  const LAYOUT_WORKER = "/static/chart-layout.js";

  const numberFormat = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 3 });
  const dateFormat = new Intl.DateTimeFormat(config.lang, { dateStyle: "medium" });

  const state = {
    colourBy: "role",
    hiddenRoles: new Set(),
    hiddenKinds: new Set(),
    from: "",
    to: "",
    keepUndated: true,
    selected: null,
    focus: null, // Set of nodes shown in full; every other node is dimmed
    matches: new Set(),
    activeNodes: null, // Set of nodes keeping a visible link while a date range is set
  };
  let graph = null;
  let renderer = null;
  let layoutRun = 0;

  // ---------- small helpers ----------
  const { fill, el } = window.FiliereDom;
  function formatDate(value) {
    if (!value) return "";
    const date = new Date(String(value).length <= 10 ? value + "T00:00:00" : value);
    return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
  }
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function roleName(role) {
    return config.roles[role] || role;
  }
  function kindName(kind) {
    if (kind.startsWith("link:")) return config.kinds.link.replace("{type}", kind.slice(5));
    return config.kinds[kind] || kind;
  }
  function communityColour(community) {
    if (community === null || community === undefined || community === "") return ROLE_COLOURS.number;
    const index = Number.isInteger(Number(community)) ? Math.abs(Number(community)) : hash(String(community));
    return COMMUNITY_COLOURS[index % COMMUNITY_COLOURS.length];
  }
  function hash(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(h);
  }
  function entityHref(node, attrs) {
    const id = attrs.entity !== null && attrs.entity !== undefined ? attrs.entity : String(node).replace(/^p/, "");
    return config.entityUrl + encodeURIComponent(String(id));
  }
  function download(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // ---------- graph ----------
  function buildGraph(data) {
    const g = new graphology.MultiGraph();
    const nodes = Array.isArray(data.nodes) ? data.nodes : [];
    const people = nodes.filter((n) => n.kind !== "number" && n.kind !== "label");
    const maxScore = people.reduce((best, n) => Math.max(best, Number(n.score) || 0), 0);
    for (const n of nodes) {
      const id = String(n.id);
      if (g.hasNode(id)) continue;
      const kind = n.kind === "number" || n.kind === "label" ? n.kind : "person";
      const score = Number(n.score) || 0;
      const role = kind === "person" ? String(n.role || "unknown") : kind;
      g.addNode(id, {
        label: String(n.label === null || n.label === undefined ? id : n.label),
        kind,
        role,
        community: n.community === undefined ? null : n.community,
        score,
        rank: n.rank === undefined ? null : n.rank,
        phones: Array.isArray(n.phones) ? n.phones.map(String) : [],
        entity: n.entity === undefined ? null : n.entity,
        size: kind === "person" ? 4 + 16 * Math.sqrt(maxScore > 0 ? score / maxScore : 0) : 2.5,
        roleColour: ROLE_COLOURS[role] || ROLE_COLOURS.unknown,
        communityColour: communityColour(n.community),
        color: ROLE_COLOURS[role] || ROLE_COLOURS.unknown,
        x: 0,
        y: 0,
      });
    }
    for (const e of Array.isArray(data.edges) ? data.edges : []) {
      const source = String(e.source);
      const target = String(e.target);
      if (!g.hasNode(source) || !g.hasNode(target)) continue;
      const kind = String(e.kind || "");
      const weight = Number(e.weight) || 1;
      const attrs = {
        kind,
        weight,
        layoutWeight: 1 + Math.log1p(weight),
        first: e.first ? String(e.first) : "",
        last: e.last ? String(e.last) : "",
        evidence: Array.isArray(e.evidence) ? e.evidence : [],
        size: 0.5 + Math.min(3, Math.log1p(weight) / 2),
        color: kind.startsWith("link:") ? LINK_COLOUR : KIND_COLOURS[kind] || LINK_COLOUR,
      };
      if (kind === "gives_orders") g.addDirectedEdge(source, target, { ...attrs, type: "arrow" });
      else g.addUndirectedEdge(source, target, attrs);
    }
    return g;
  }

  /** Communities start as discs on a golden-angle spiral; a number without one starts beside its user. */
  function seedPositions(g) {
    const groupOf = new Map();
    g.forEachNode((node, a) => {
      let key = a.community;
      if (key === null || key === "") {
        key = null;
        g.forEachNeighbor(node, (other, b) => {
          if (key === null && b.community !== null && b.community !== "") key = b.community;
        });
      }
      groupOf.set(node, key === null ? "\u0000none" : String(key));
    });
    const groups = new Map();
    for (const [node, key] of groupOf) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(node);
    }
    const ordered = [...groups.entries()].sort((p, q) => q[1].length - p[1].length || (p[0] < q[0] ? -1 : 1));
    const golden = Math.PI * (3 - Math.sqrt(5));
    let placed = 0;
    ordered.forEach(([, members], gi) => {
      members.sort((a, b) => g.getNodeAttribute(b, "score") - g.getNodeAttribute(a, "score") || (a < b ? -1 : 1));
      const centreRadius = gi === 0 ? 0 : 3 * Math.sqrt(placed + members.length / 2);
      const cx = centreRadius * Math.cos(gi * golden * 3);
      const cy = centreRadius * Math.sin(gi * golden * 3);
      members.forEach((node, i) => {
        const r = Math.sqrt(i + 0.5);
        g.mergeNodeAttributes(node, { x: cx + r * Math.cos(i * golden), y: cy + r * Math.sin(i * golden) });
      });
      placed += members.length;
    });
  }

  const FA2 = graphologyLibrary.layoutForceAtlas2;
  function layoutSettings(g) {
    const settings = FA2.inferSettings(g);
    settings.barnesHutOptimize = g.order > 500;
    settings.gravity = 1; // (strong gravity) keeps small separate groups near the main one, on screen
    if (g.order > 2000) settings.barnesHutTheta = 0.8; // twice as fast, still a faithful picture
    return settings;
  }
  function layoutIterations(g) {
    return g.order > 2000 ? 120 : g.order > 500 ? 200 : 300;
  }

  /** ForceAtlas2 in a worker (static/chart-layout.js) from the current positions; pinned nodes stay put. */
  function runLayout() {
    const run = ++layoutRun;
    window.filiereChartLayoutDone = false;
    statusLine.textContent = T.layout;
    const nodes = graph.nodes();
    const index = new Map(nodes.map((node, i) => [node, i]));
    const xy = new Float64Array(nodes.length * 2);
    const fixed = new Uint8Array(nodes.length);
    nodes.forEach((node, i) => {
      const a = graph.getNodeAttributes(node);
      xy[2 * i] = a.x;
      xy[2 * i + 1] = a.y;
      fixed[i] = a.fixed ? 1 : 0;
    });
    const ends = new Uint32Array(graph.size * 2);
    const weights = new Float64Array(graph.size);
    let k = 0;
    graph.forEachEdge((edge, a, source, target) => {
      ends[2 * k] = index.get(source);
      ends[2 * k + 1] = index.get(target);
      weights[k++] = a.layoutWeight;
    });
    let worker = null;
    try {
      worker = new Worker(LAYOUT_WORKER);
    } catch (error) {
      runLayoutHere(run);
      return;
    }
    worker.onmessage = (event) => {
      worker.terminate();
      if (run !== layoutRun) return;
      const out = event.data.xy;
      graph.updateEachNodeAttributes((node, a) => {
        const i = index.get(node);
        if (!a.fixed && i !== undefined) {
          a.x = out[2 * i];
          a.y = out[2 * i + 1];
        }
        return a;
      });
      layoutDone();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      if (run === layoutRun) runLayoutHere(run);
    };
    worker.postMessage(
      { xy, fixed, ends, weights, iterations: layoutIterations(graph), settings: layoutSettings(graph) },
      [xy.buffer, fixed.buffer, ends.buffer, weights.buffer],
    );
  }

  /** Where no worker can start: the same layout in fixed slices between frames on the page itself. */
  function runLayoutHere(run) {
    const settings = layoutSettings(graph);
    let left = layoutIterations(graph);
    const step = () => {
      if (run !== layoutRun) return;
      const n = Math.min(LAYOUT_STEP, left);
      FA2.assign(graph, { iterations: n, settings, getEdgeWeight: "layoutWeight" });
      left -= n;
      if (left > 0) setTimeout(step, 0);
      else layoutDone();
    };
    setTimeout(step, 0);
  }

  function layoutDone() {
    renderer.setCustomBBox(null);
    renderer.refresh();
    window.filiereChartLayoutDone = true;
    statusLine.textContent = "";
  }

  // ---------- filters (reducers) ----------
  function edgeInRange(a) {
    if (!state.from && !state.to) return true;
    const first = a.first || a.last;
    const last = a.last || a.first;
    if (!first) return state.keepUndated;
    if (state.from && last.slice(0, 10) < state.from) return false;
    if (state.to && first.slice(0, 10) > state.to) return false;
    return true;
  }
  function nodeShown(node, a) {
    if (state.hiddenRoles.has(a.role)) return false;
    if (state.activeNodes && !state.activeNodes.has(node)) return false;
    return true;
  }
  function edgeShown(a) {
    return !state.hiddenKinds.has(a.kind) && edgeInRange(a);
  }
  /** With a date range set, a node with no link left in the range leaves the chart too. */
  function recomputeActive() {
    if (!state.from && !state.to) {
      state.activeNodes = null;
      return;
    }
    const active = new Set();
    graph.forEachEdge((edge, a, source, target) => {
      if (edgeShown(a)) {
        active.add(source);
        active.add(target);
      }
    });
    state.activeNodes = active;
  }

  function nodeReducer(node, a) {
    const out = { ...a, color: state.colourBy === "community" ? a.communityColour : a.roleColour };
    if (!nodeShown(node, a)) {
      out.hidden = true;
      return out;
    }
    if (a.pinned) out.type = "pinned";
    if (state.focus && !state.focus.has(node)) {
      out.color = DIMMED_NODE;
      out.label = "";
      out.zIndex = 0;
    } else if (state.focus) {
      out.zIndex = 1;
      out.forceLabel = state.focus.size <= 60;
    }
    if (state.matches.has(node) || node === state.selected) {
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 2;
    }
    return out;
  }
  function edgeReducer(edge, a) {
    const out = { ...a };
    if (!edgeShown(a)) {
      out.hidden = true;
      return out;
    }
    if (state.focus) {
      const [source, target] = graph.extremities(edge);
      if (!(state.focus.has(source) && state.focus.has(target))) out.color = DIMMED_EDGE;
      else out.zIndex = 1;
    }
    return out;
  }

  function showCounts() {
    let nodes = 0;
    let edges = 0;
    graph.forEachNode((node, a) => {
      if (nodeShown(node, a)) nodes++;
    });
    graph.forEachEdge((edge, a, source, target, sa, ta) => {
      if (edgeShown(a) && nodeShown(source, sa) && nodeShown(target, ta)) edges++;
    });
    const count = $("chart-count");
    count.dataset.nodes = String(nodes);
    count.dataset.edges = String(edges);
    count.textContent = fill(T.counts, { nodes: numberFormat.format(nodes), edges: numberFormat.format(edges) });
  }
  function refresh() {
    recomputeActive();
    renderer.refresh({ skipIndexation: true });
    showCounts();
    renderLegend();
  }

  // ---------- controls ----------
  function checkboxList(container, values, label, hidden) {
    for (const value of values) {
      const item = el("label", null, "check");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = value;
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(value);
        else hidden.add(value);
        refresh();
      });
      item.append(box, document.createTextNode(" " + label(value)));
      container.appendChild(item);
    }
  }

  function buildControls() {
    const kinds = new Set();
    let minDate = "";
    let maxDate = "";
    graph.forEachEdge((edge, a) => {
      kinds.add(a.kind);
      for (const d of [a.first, a.last]) {
        if (!d) continue;
        const day = d.slice(0, 10);
        if (!minDate || day < minDate) minDate = day;
        if (!maxDate || day > maxDate) maxDate = day;
      }
    });
    const roles = new Set();
    graph.forEachNode((node, a) => roles.add(a.role));
    const roleOrder = Object.keys(ROLE_COLOURS);
    checkboxList($("chart-kinds"), [...kinds].sort(), kindName, state.hiddenKinds);
    checkboxList(
      $("chart-roles"),
      [...roles].sort((p, q) => (roleOrder.indexOf(p) + 99) % 99 - (roleOrder.indexOf(q) + 99) % 99 || (p < q ? -1 : 1)),
      roleName,
      state.hiddenRoles,
    );
    for (const id of ["chart-from", "chart-to"]) {
      $(id).min = minDate;
      $(id).max = maxDate;
    }
    // suggestions: people's names only (numbers are found by typing digits); a fragment, one insertion
    const suggestions = document.createDocumentFragment();
    const seen = new Set();
    graph.forEachNode((node, a) => {
      if (a.kind !== "person" || seen.has(a.label) || seen.size >= 3000) return;
      seen.add(a.label);
      const option = document.createElement("option");
      option.value = a.label;
      suggestions.appendChild(option);
    });
    $("chart-names").appendChild(suggestions);

    $("chart-tools").addEventListener("submit", (event) => {
      event.preventDefault();
      search($("chart-search").value);
    });
    $("chart-search").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        search(event.target.value);
      }
    });
    $("chart-search-go").addEventListener("click", () => search($("chart-search").value));
    $("chart-colour").addEventListener("change", (event) => {
      state.colourBy = event.target.value;
      refresh();
    });
    $("chart-from").addEventListener("change", (event) => {
      state.from = event.target.value;
      refresh();
    });
    $("chart-to").addEventListener("change", (event) => {
      state.to = event.target.value;
      refresh();
    });
    $("chart-undated").addEventListener("change", (event) => {
      state.keepUndated = event.target.checked;
      refresh();
    });
    $("chart-layout").addEventListener("click", () => runLayout());
    $("chart-reset").addEventListener("click", () => {
      clearSelection();
      renderer.getCamera().animatedReset({ duration: 300 });
    });
    $("chart-svg").addEventListener("click", () => {
      download(new Blob([exportSvg()], { type: "image/svg+xml" }), config.case + "-chart.svg");
    });
    $("chart-png").addEventListener("click", () => exportPng().then((blob) => download(blob, config.case + "-chart.png")));
  }

  // ---------- search, selection, neighbours ----------
  function search(query) {
    const text = fold(query).trim();
    const digits = String(query || "").replace(/\D/g, "");
    state.matches = new Set();
    if (!text) {
      refresh();
      return [];
    }
    const exact = [];
    graph.forEachNode((node, a) => {
      const label = fold(a.label);
      const phoneHit = digits.length >= 3 && a.phones.concat(a.kind === "number" ? [a.label] : []).some(
        (p) => p.replace(/\D/g, "").includes(digits),
      );
      if (label.includes(text) || phoneHit || fold(node) === text) {
        state.matches.add(node);
        if (label === text || phoneHit) exact.push(node);
      }
    });
    const found = [...state.matches];
    if (!found.length) {
      statusLine.textContent = T.nomatch;
      renderer.refresh({ skipIndexation: true });
      return [];
    }
    const best = (exact.length ? exact : found).sort(
      (p, q) => graph.getNodeAttribute(q, "score") - graph.getNodeAttribute(p, "score"),
    )[0];
    select(best, false);
    centreOn(best);
    statusLine.textContent = fill(T.matches, { count: numberFormat.format(found.length) });
    return found;
  }

  function centreOn(node) {
    const data = renderer.getNodeDisplayData(node);
    if (!data) return;
    renderer.getCamera().animate({ x: data.x, y: data.y, ratio: Math.min(renderer.getCamera().ratio, 0.35) }, { duration: 400 });
  }

  function select(node, showNeighbours) {
    state.selected = node;
    if (showNeighbours) state.focus = new Set([node, ...graph.neighbors(node)]);
    renderPanel(node);
    renderer.refresh({ skipIndexation: true });
  }

  function expand() {
    const base = state.focus || new Set(state.selected ? [state.selected] : []);
    const grown = new Set(base);
    for (const node of base) graph.forEachNeighbor(node, (other) => grown.add(other));
    state.focus = grown;
    renderer.refresh({ skipIndexation: true });
  }

  function clearSelection() {
    state.selected = null;
    state.focus = null;
    state.matches = new Set();
    $("chart-panel").hidden = true;
    renderer.refresh({ skipIndexation: true });
  }

  function togglePin(node) {
    const pinned = !graph.getNodeAttribute(node, "pinned");
    graph.mergeNodeAttributes(node, { pinned, fixed: pinned });
    if (state.selected === node) renderPanel(node);
  }

  function renderPanel(node) {
    const a = graph.getNodeAttributes(node);
    const panel = $("chart-panel");
    panel.replaceChildren();
    panel.hidden = false;
    const swatch = el("span", null, "swatch");
    swatch.style.background = state.colourBy === "community" ? a.communityColour : a.roleColour;
    const title = el("h2");
    title.append(swatch, document.createTextNode(" " + a.label));
    panel.appendChild(title);

    const facts = el("dl");
    const fact = (name, value) => {
      if (value === null || value === undefined || value === "") return;
      facts.append(el("dt", name), el("dd", value));
    };
    fact(T.role, roleName(a.role));
    fact(T.community, a.community === null ? T.nocommunity : a.community);
    if (a.kind === "person") {
      fact(T.score, numberFormat.format(a.score));
      fact(T.rank, a.rank);
    }
    if (a.phones.length) fact(T.phones, a.phones.join(", "));
    panel.appendChild(facts);

    const actions = el("p", null, "actions");
    if (a.kind === "person") {
      const link = el("a", T.open);
      link.href = entityHref(node, a);
      link.id = "chart-entity-link";
      actions.appendChild(link);
    }
    const button = (label, action, id) => {
      const b = el("button", label);
      b.type = "button";
      if (id) b.id = id;
      b.addEventListener("click", action);
      actions.appendChild(b);
    };
    button(T.expand, expand, "chart-expand");
    button(a.pinned ? T.unpin : T.pin, () => togglePin(node), "chart-pin");
    button(T.clear, clearSelection, "chart-clear");
    panel.appendChild(actions);

    const links = [];
    graph.forEachEdge(node, (edge, e, source, target) => links.push([edge, e, source === node ? target : source]));
    links.sort((p, q) => q[1].weight - p[1].weight);
    panel.appendChild(el("h3", T.links + " (" + numberFormat.format(links.length) + ")"));
    const list = el("ul", null, "links");
    for (const [, e, other] of links.slice(0, 50)) {
      const item = el("li");
      const who = el("a", graph.getNodeAttribute(other, "label"));
      who.href = "#";
      who.addEventListener("click", (event) => {
        event.preventDefault();
        select(other, true);
        centreOn(other);
      });
      const dates = [formatDate(e.first), formatDate(e.last)].filter(Boolean);
      item.append(who, document.createTextNode(" · " + kindName(e.kind) + " × " + numberFormat.format(e.weight)));
      if (dates.length) item.appendChild(document.createTextNode(" · " + [...new Set(dates)].join(" – ")));
      if (e.evidence.length) {
        item.appendChild(document.createTextNode(" · " + T.evidence + " "));
        e.evidence.slice(0, 8).forEach((id, i) => {
          const evidenceId = typeof id === "object" && id !== null ? id.id : id;
          const ref = el("a", "#" + evidenceId);
          ref.href = config.evidenceUrl + encodeURIComponent(String(evidenceId));
          if (i) item.appendChild(document.createTextNode(" "));
          item.appendChild(ref);
        });
      }
      list.appendChild(item);
    }
    if (links.length > 50) list.appendChild(el("li", fill(T.more, { count: numberFormat.format(links.length - 50) })));
    panel.appendChild(list);
  }

  // ---------- legend ----------
  function renderLegend() {
    const legend = $("chart-legend");
    legend.replaceChildren();
    const byCommunity = state.colourBy === "community";
    legend.appendChild(el("h3", byCommunity ? T.legendCommunity : T.legendRole));
    const counts = new Map();
    const colours = new Map();
    graph.forEachNode((node, a) => {
      const key = byCommunity ? (a.community === null ? T.nocommunity : String(a.community)) : a.role;
      counts.set(key, (counts.get(key) || 0) + 1);
      colours.set(key, byCommunity ? a.communityColour : a.roleColour);
    });
    const roleOrder = Object.keys(ROLE_COLOURS);
    const keys = [...counts.keys()].sort((p, q) =>
      byCommunity ? counts.get(q) - counts.get(p) : roleOrder.indexOf(p) - roleOrder.indexOf(q),
    );
    const list = el("ul");
    for (const key of keys.slice(0, 24)) {
      const item = el("li");
      const swatch = el("span", null, "swatch");
      swatch.style.background = colours.get(key);
      const name = byCommunity ? (key === T.nocommunity ? key : T.community + " " + key) : roleName(key);
      item.append(swatch, document.createTextNode(" " + name + " (" + numberFormat.format(counts.get(key)) + ")"));
      list.appendChild(item);
    }
    legend.appendChild(list);
    const kinds = new Set();
    graph.forEachEdge((edge, a) => kinds.add(a.kind));
    const kindList = el("ul");
    for (const kind of [...kinds].sort()) {
      const item = el("li");
      const line = el("span", null, "line");
      line.style.background = kind.startsWith("link:") ? LINK_COLOUR : KIND_COLOURS[kind] || LINK_COLOUR;
      item.append(line, document.createTextNode(" " + kindName(kind)));
      kindList.appendChild(item);
    }
    legend.appendChild(kindList);
    legend.appendChild(el("p", T.size, "note"));
  }

  // ---------- export ----------
  // The SVG namespace, as the browser's own HTML parser names it (no address written in this file).
  const SVG_NS = new DOMParser().parseFromString("<svg></svg>", "text/html").querySelector("svg").namespaceURI;

  /** The chart as seen now (camera, filters, colours) as an SVG document; labels are text nodes. */
  function exportSvg() {
    const { width, height } = renderer.getDimensions();
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    const background = document.createElementNS(SVG_NS, "rect");
    background.setAttribute("width", width);
    background.setAttribute("height", height);
    background.setAttribute("fill", "#ffffff");
    svg.appendChild(background);
    const where = new Map();
    graph.forEachNode((node) => {
      const d = renderer.getNodeDisplayData(node);
      if (!d || d.hidden) return;
      const p = renderer.framedGraphToViewport(d);
      where.set(node, { x: p.x, y: p.y, r: renderer.scaleSize(d.size), d });
    });
    const edges = document.createElementNS(SVG_NS, "g");
    graph.forEachEdge((edge, a, source, target) => {
      const d = renderer.getEdgeDisplayData(edge);
      const s = where.get(source);
      const t = where.get(target);
      if (!d || d.hidden || !s || !t) return;
      const line = document.createElementNS(SVG_NS, "line");
      line.setAttribute("x1", s.x.toFixed(1));
      line.setAttribute("y1", s.y.toFixed(1));
      line.setAttribute("x2", t.x.toFixed(1));
      line.setAttribute("y2", t.y.toFixed(1));
      line.setAttribute("stroke", d.color);
      line.setAttribute("stroke-width", Math.max(0.5, renderer.scaleSize(d.size)).toFixed(2));
      edges.appendChild(line);
    });
    svg.appendChild(edges);
    const nodes = document.createElementNS(SVG_NS, "g");
    const labels = document.createElementNS(SVG_NS, "g");
    labels.setAttribute("font-family", "sans-serif");
    labels.setAttribute("font-size", "12");
    const ordered = [...where.entries()].sort((p, q) => (p[1].d.zIndex || 0) - (q[1].d.zIndex || 0));
    for (const [, { x, y, r, d }] of ordered) {
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      const circle = document.createElementNS(SVG_NS, "circle");
      circle.setAttribute("cx", x.toFixed(1));
      circle.setAttribute("cy", y.toFixed(1));
      circle.setAttribute("r", Math.max(1, r).toFixed(2));
      circle.setAttribute("fill", d.color);
      if (d.highlighted || d.type === "pinned") circle.setAttribute("stroke", "#000000");
      nodes.appendChild(circle);
      if (d.label && (d.forceLabel || r >= 6)) {
        const text = document.createElementNS(SVG_NS, "text");
        text.setAttribute("x", (x + r + 3).toFixed(1));
        text.setAttribute("y", (y + 4).toFixed(1));
        text.textContent = d.label;
        labels.appendChild(text);
      }
    }
    svg.append(nodes, labels);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  }

  /** The same picture as a PNG (twice the screen size), drawn from the SVG export. */
  function exportPng() {
    const { width, height } = renderer.getDimensions();
    const url = URL.createObjectURL(new Blob([exportSvg()], { type: "image/svg+xml" }));
    return new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => {
        const canvas = document.createElement("canvas");
        canvas.width = width * 2;
        canvas.height = height * 2;
        const context = canvas.getContext("2d");
        context.scale(2, 2);
        context.drawImage(image, 0, 0, width, height);
        URL.revokeObjectURL(url);
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG"))), "image/png");
      };
      image.onerror = () => reject(new Error("SVG"));
      image.src = url;
    });
  }

  // ---------- drag and pin ----------
  function enableDrag() {
    let dragged = null;
    let moved = false;
    renderer.on("downNode", ({ node }) => {
      dragged = node;
      moved = false;
      if (!renderer.getCustomBBox()) renderer.setCustomBBox(renderer.getBBox());
    });
    renderer.on("moveBody", ({ event }) => {
      if (!dragged) return;
      const p = renderer.viewportToGraph(event);
      graph.mergeNodeAttributes(dragged, { x: p.x, y: p.y, fixed: true, pinned: true });
      moved = true;
      event.preventSigmaDefault();
      event.original.preventDefault();
      event.original.stopPropagation();
    });
    const release = () => {
      if (dragged && moved && state.selected === dragged) renderPanel(dragged);
      dragged = null;
    };
    renderer.on("upNode", release);
    renderer.on("upStage", release);
    renderer.on("clickNode", ({ node }) => {
      if (moved) {
        moved = false;
        return;
      }
      select(node, true);
    });
    renderer.on("doubleClickNode", ({ node, event }) => {
      event.preventSigmaDefault();
      const a = graph.getNodeAttributes(node);
      if (a.kind === "person") window.location.href = entityHref(node, a);
    });
    renderer.on("clickStage", () => clearSelection());
  }

  /** WebGL drawn in software (no usable GPU: SwiftShader, llvmpipe) is slow with many links on screen. */
  function softwareWebGL() {
    try {
      const gl = document.createElement("canvas").getContext("webgl");
      const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
      const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      const lose = gl && gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext();
      return /swiftshader|llvmpipe|softpipe|software/i.test(name);
    } catch (error) {
      return false;
    }
  }

  /** The nodes as drawn now (after filters and colouring), for the browser tests. */
  function drawnNodes() {
    return graph.mapNodes((node, a) => {
      const d = renderer.getNodeDisplayData(node) || {};
      const hidden = Boolean(d.hidden) || !nodeShown(node, a);
      return { id: node, label: a.label, role: a.role, size: a.size, color: nodeReducer(node, a).color, hidden };
    });
  }

  // ---------- start ----------
  function start(data) {
    performance.mark("chart:fetched");
    graph = buildGraph(data);
    if (graph.order === 0) {
      statusLine.textContent = T.empty;
      window.filiereChartReady = true;
      return;
    }
    seedPositions(graph);
    performance.mark("chart:built");
    const small = graph.order + graph.size < 3000;
    if (small) FA2.assign(graph, { iterations: layoutIterations(graph), settings: layoutSettings(graph), getEdgeWeight: "layoutWeight" });
    const programs = {};
    if (Sigma.rendering && Sigma.rendering.createNodeBorderProgram) {
      programs.pinned = Sigma.rendering.createNodeBorderProgram({
        borders: [
          { size: { value: 0.2 }, color: { value: "#000000" } },
          { size: { fill: true }, color: { attribute: "color" } },
        ],
      });
    }
    renderer = new Sigma(graph, $("chart"), {
      nodeReducer,
      edgeReducer,
      nodeProgramClasses: programs,
      zIndex: true,
      hideEdgesOnMove: graph.size > 30000 || (graph.size > 4000 && softwareWebGL()), // smooth pan and zoom
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.5,
      defaultEdgeType: "line",
    });
    performance.mark("chart:drawn");
    buildControls();
    enableDrag();
    renderLegend();
    window.filiereChartNodes = drawnNodes;
    window.filiereChart = { graph, renderer, state, search, select, expand, clearSelection, refresh, exportSvg, exportPng, togglePin };
    performance.mark("chart:controls");
    showCounts();
    window.filiereChartLayoutDone = small;
    if (small) statusLine.textContent = "";
    requestAnimationFrame(() => {
      performance.mark("chart:ready");
      window.filiereChartReady = true;
      document.dispatchEvent(new CustomEvent("filiere:chart-ready"));
      if (!small) setTimeout(runLayout, 50); // a big chart settles in a worker once the first frame is out
    });
  }

  statusLine.textContent = T.loading;
  fetch(config.graphUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(start)
    .catch((error) => {
      statusLine.textContent = T.failed + " (" + error.message + ")";
      window.filiereChartError = String(error.message);
    });
})();
