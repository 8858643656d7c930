/* ForceAtlas2 for the link chart (static/chart.js), in a Web Worker: a big chart settles here while the
 * page stays free to pan, zoom, filter and search. Same positions, links and iterations in, same positions
 * out: the layout is deterministic. In: {xy, fixed, ends, weights, iterations, settings} (typed arrays,
 * nodes by index); out: {xy} (Float64Array of x, y per node).
 */
"use strict";
// graphology-library also bundles its GEXF/GraphML readers, which name DOMParser and Document when loaded;
// a worker has neither and never uses them.
self.DOMParser = self.DOMParser || function DOMParser() {};
self.Document = self.Document || function Document() {};
importScripts(
  "/static/vendor/graphology/graphology.umd.min.js",
  "/static/vendor/graphology-library/graphology-library.min.js",
);

self.onmessage = (event) => {
  const { xy, fixed, ends, weights, iterations, settings } = event.data;
  const graph = new graphology.MultiGraph();
  const count = xy.length / 2;
  for (let i = 0; i < count; i++) graph.addNode(i, { x: xy[2 * i], y: xy[2 * i + 1], fixed: fixed[i] === 1 });
  for (let k = 0; k < weights.length; k++) graph.addEdge(ends[2 * k], ends[2 * k + 1], { layoutWeight: weights[k] });
  graphologyLibrary.layoutForceAtlas2.assign(graph, { iterations, settings, getEdgeWeight: "layoutWeight" });
  const out = new Float64Array(count * 2);
  let i = 0;
  graph.forEachNode((node, a) => {
    out[2 * i] = a.x;
    out[2 * i + 1] = a.y;
    i++;
  });
  self.postMessage({ xy: out }, [out.buffer]);
};
