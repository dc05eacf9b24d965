// The artist network centred on the collector, drawn by sigma.js (WebGL) over a graphology graph.
// Positions come from the server (a deterministic layout; force layouts take seconds for thousands
// of nodes), so the page only draws. Names from Discogs reach the page as text (textContent, and
// the canvas's fillText for labels), never markup.
"use strict";

const PALETTE = ["#e4572e", "#2e86ab", "#76b041", "#8e5ab5", "#f0a202", "#17a398", "#d1495b", "#3d5a80", "#a0522d", "#c2a83e"];
const OTHER = "#bdb8ad";
const INK = "#1d1b26";
const PAPER = "#f6f4ef";
const TYPE_LABEL = {
  collects: "you → artist",
  member_of: "member of",
  alias_of: "alias of",
  together: "together on a release",
  credited_on: "credited on",
  track_artist_on: "track artist on",
};
const TYPE_COLOUR = { collects: "#d9d4ca", member_of: INK, alias_of: "#8e5ab5", together: "#2e86ab", credited_on: "#e4572e", track_artist_on: "#76b041" };
// Labels: the top ranks show at the first view, the next ones once zoomed in, the rest closer still.
const LABEL_TIERS = [[15, 1], [80, 2.2], [Infinity, 5]];

const state = { sigma: null, graph: null, edges: [], types: new Set(), minWeight: 1, found: null, tier: 1, shownEdges: 0 };
window.platterNetwork = state;

async function load() {
  const q = new URLSearchParams(location.search);
  const user = q.get("user");
  const body = await getJson("/api/collection/network" + (user ? "?user=" + encodeURIComponent(user) : ""), "The network could not be loaded");
  // Hidden only when there is nothing to find: a header that changes height under a drawn graph would shift its clicks.
  if (body) draw(body);
  else $("find").hidden = true;
}

// Phase times (ms since navigation start) for the benchmark: bench/Platter.Bench.Collection --network.
function mark(name) {
  (state.marks = state.marks || {})[name] = Math.round(performance.now());
}

// "#rrggbb" at an opacity, as sigma takes colours.
function alpha(hex, a) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}

function draw(data) {
  mark("data");
  $("user").textContent = data.user;
  $("net-layout").hidden = false;
  const colours = new Map(data.communities.slice(0, PALETTE.length).map((c, i) => [c.id, PALETTE[i]]));

  // At the first view (the whole network in the box) no node is smaller than 1.5 px across, so that
  // a large network shows its artists and not only its links; zooming in enlarges them all alike.
  const box = $("graph");
  const xs = data.nodes.map((n) => n.x), ys = data.nodes.map((n) => n.y);
  const extent = Math.max((Math.max(...xs) - Math.min(...xs)) / Math.max(1, box.clientWidth - 60), (Math.max(...ys) - Math.min(...ys)) / Math.max(1, box.clientHeight - 60));
  const minRadius = 0.75 * extent;

  const graph = new graphology.MultiGraph();
  // In rank order: sigma draws the names in the order of the graph, and the first one keeps its place.
  for (const n of [...data.nodes].sort((a, b) => a.rank - b.rank)) {
    const colour = n.kind === "me" ? INK : colours.get(n.community) || OTHER;
    // The server's y grows downwards, sigma's upwards.
    graph.addNode(n.id, { x: n.x, y: -n.y, size: Math.max(n.size / 2, minRadius), color: n.kind === "related" ? alpha(colour, 0.85) : colour, label: n.label, artistId: n.artistId, kind: n.kind, rank: n.rank, zIndex: n.kind === "me" ? 2 : 0 });
  }
  const edgeColours = Object.fromEntries(Object.entries(TYPE_COLOUR).map(([t, c]) => [t, alpha(c, t === "collects" ? 0.35 : 0.45)]));
  data.edges.forEach((e, i) => {
    const size = 0.6 + (Math.min(Math.max(e.weight, 1), 20) - 1) * (5 - 0.6) / 19;
    graph.addDirectedEdgeWithKey("e" + i, e.source, e.target, { type: "line", size, color: edgeColours[e.type], kind: e.type, weight: e.weight });
  });
  state.graph = graph;
  state.edges = data.edges;
  for (const e of data.edges) state.types.add(e.type);
  mark("graph");

  const container = box;
  const sigma = new Sigma(graph, container, {
    // Sizes are in the layout's units, so a node grows as one zooms in, like the distances.
    itemSizesReference: "positions",
    zoomToSizeRatioFunction: (ratio) => ratio,
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
    defaultEdgeType: "line",
    zIndex: true,
    stagePadding: 30,
    // Zooming redraws every frame: on a large network, without the edges until it ends.
    hideEdgesOnMove: data.edges.length > 5000,
    minCameraRatio: 0.002,
    maxCameraRatio: 4,
    // Which names show is decided here (labelTier), not by sigma's density grid.
    labelRenderedSizeThreshold: Infinity,
    defaultDrawNodeLabel: drawLabel,
    defaultDrawNodeHover: drawFound,
    nodeReducer: (node, attrs) => {
      const shown = attrs.rank === 0 || node === state.found || attrs.rank <= tierLimit();
      return shown ? { ...attrs, forceLabel: true, highlighted: node === state.found } : { ...attrs, label: null };
    },
    edgeReducer: (edge, attrs) => (shown(attrs.kind, attrs.weight) ? attrs : { ...attrs, hidden: true }),
  });
  state.sigma = sigma;
  mark("sigma");

  sigma.on("beforeRender", () => { drawnLabels.length = 0; });
  sigma.getCamera().on("updated", () => {
    const tier = tierOf(1 / sigma.getCamera().ratio);
    if (tier !== state.tier) {
      state.tier = tier;
      sigma.refresh({ skipIndexation: true });
    }
  });
  // Dragging is the page's own (see dragPan), which moves the drawing without redrawing it.
  sigma.on("moveBody", ({ event }) => event.preventSigmaDefault());
  sigma.on("clickNode", ({ node }) => {
    if (drag.moved) return; // the end of a drag, not a click
    const id = graph.getNodeAttribute(node, "artistId");
    if (id) location.assign("/artist/" + id);
  });
  dragPan(container);
  sigma.on("enterNode", ({ node }) => { container.style.cursor = graph.getNodeAttribute(node, "artistId") ? "pointer" : "default"; });
  sigma.on("leaveNode", () => { container.style.cursor = "default"; });

  buildTypes(data);
  buildLegend(data, colours);
  buildNames(data);
  mark("panels");
  applyFilter(false);
  mark("filter");
  sigma.once("afterRender", () => {
    state.readyAt = performance.now();
    document.body.dataset.state = "ready";
    focusFromAddress();
  });
  sigma.scheduleRender();
}

// Panning moves the drawn network as it is (a CSS transform, which the compositor does without
// redrawing a thing) and redraws it once at its new place when the drag ends: with thousands of
// nodes, a redraw takes longer than a frame in a browser without a GPU. What was outside the view
// comes in at the end of the drag.
const drag = { x: 0, y: 0, timer: 0, moved: false };
function moveBy(dx, dy) {
  drag.x += dx;
  drag.y += dy;
  $("graph").style.transform = `translate(${drag.x}px, ${drag.y}px)`;
}
function settle() {
  clearTimeout(drag.timer);
  if (!drag.x && !drag.y) return;
  const sigma = state.sigma;
  const camera = sigma.getCamera();
  const a = sigma.viewportToFramedGraph({ x: 0, y: 0 });
  const b = sigma.viewportToFramedGraph({ x: drag.x, y: drag.y });
  drag.x = drag.y = 0;
  camera.setState({ x: camera.x - (b.x - a.x), y: camera.y - (b.y - a.y) });
  // Drawn at the new place before the transform goes, in the same frame: no jump back.
  sigma.render();
  $("graph").style.transform = "";
}
function dragPan(container) {
  let last = null;
  container.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    last = { x: e.clientX, y: e.clientY };
    drag.moved = false;
  });
  window.addEventListener("pointermove", (e) => {
    if (!last) return;
    if (Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y) > 0) drag.moved = true;
    moveBy(e.clientX - last.x, e.clientY - last.y);
    last = { x: e.clientX, y: e.clientY };
  });
  const end = () => {
    if (!last) return;
    last = null;
    settle();
  };
  window.addEventListener("pointerup", end);
  window.addEventListener("pointercancel", end);
  // A zoom starts from where the drawing is.
  container.addEventListener("wheel", settle, { capture: true, passive: true });
}

// The zoom (1 at the first view) at which ranks up to each tier's limit get their names.
function tierOf(zoom) {
  let tier = 0;
  LABEL_TIERS.forEach(([, at], i) => { if (zoom >= at * 0.999) tier = i + 1; });
  return tier;
}
function tierLimit() {
  return state.tier === 0 ? 0 : LABEL_TIERS[state.tier - 1][0];
}

// A name below its node (in the node for Me), outlined in the page's colour so that it reads over
// edges. A name that would overlap one drawn before it in the same frame is left out (the ranks
// come in order, so the more central artist keeps its name); Me's and a found artist's always show.
const drawnLabels = [];
function drawLabel(context, data) {
  placeLabel(context, data, false);
}
function placeLabel(context, data, always) {
  if (!data.label) return;
  const me = data.kind === "me";
  const size = me ? 16 : data.rank <= LABEL_TIERS[0][0] || data.highlighted ? 13 : 11;
  context.font = `${me ? 700 : 400} ${size}px system-ui, -apple-system, "Segoe UI", sans-serif`;
  context.textAlign = "center";
  context.textBaseline = me ? "middle" : "top";
  const y = me ? data.y : data.y + data.size + 3;
  const half = context.measureText(data.label).width / 2 + 2;
  const top = me ? y - size / 2 : y;
  const box = [data.x - half, top, data.x + half, top + size + 2];
  if (!me && !always && drawnLabels.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) return;
  drawnLabels.push(box);
  context.lineJoin = "round";
  context.lineWidth = 4;
  context.strokeStyle = me ? INK : PAPER;
  context.strokeText(data.label, data.x, y);
  context.fillStyle = me ? "#fff" : INK;
  context.fillText(data.label, data.x, y);
}

// The artist found by the search: a ring around the node, and its name.
function drawFound(context, data) {
  context.beginPath();
  context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
  context.lineWidth = 4;
  context.strokeStyle = INK;
  context.stroke();
  placeLabel(context, data, true);
}

// /network?focus=ID (the artist pages link so) starts on that artist.
function focusFromAddress() {
  const id = new URLSearchParams(location.search).get("focus");
  if (!id) return;
  const node = /^[0-9]+$/.test(id) && state.graph.hasNode("a" + id) ? "a" + id : null;
  if (node) {
    $("find-input").value = state.graph.getNodeAttribute(node, "label");
    focusOn(node);
  } else {
    $("find-result").textContent = `Artist ${id} is not in this network.`;
  }
}

function buildTypes(data) {
  const counts = new Map();
  for (const e of data.edges) counts.set(e.type, (counts.get(e.type) || 0) + 1);
  const list = $("types");
  list.replaceChildren();
  for (const type of Object.keys(TYPE_LABEL).filter((t) => counts.has(t))) {
    const box = el("input", { type: "checkbox", value: type, checked: true, onchange: (e) => {
      if (e.target.checked) state.types.add(type); else state.types.delete(type);
      applyFilter();
    } });
    list.append(el("li", { "data-type": type },
      el("label", {}, box, el("span", { class: "swatch line", "data-colour": type }), el("span", { class: "fname", text: TYPE_LABEL[type] }), el("span", { class: "fcount", text: fmt.format(counts.get(type)) }))));
  }
  const max = Math.max(1, ...data.edges.map((e) => e.weight));
  const weight = $("min-weight");
  weight.max = String(max);
  weight.addEventListener("input", () => {
    state.minWeight = Math.max(1, Number.parseInt(weight.value, 10) || 1);
    applyFilter();
  });
}

// Whether a link of this relation type and weight passes the filters.
function shown(type, weight) {
  return state.types.has(type) && weight >= state.minWeight;
}

function applyFilter(redraw = true) {
  state.shownEdges = state.edges.filter((e) => shown(e.type, e.weight)).length;
  if (redraw) state.sigma.refresh({ skipIndexation: true });
  const artists = state.graph.order - 1;
  $("net-count").textContent = `${fmt.format(artists)} artists, ${fmt.format(state.shownEdges)} of ${fmt.format(state.edges.length)} links shown`;
}

function buildLegend(data, colours) {
  const list = $("legend");
  list.replaceChildren();
  data.communities.slice(0, PALETTE.length).forEach((c) => {
    list.append(el("li", { "data-community": c.id }, el("span", { class: "swatch", "data-colour": colours.get(c.id) }), el("span", { class: "legend-name", text: c.label }), el("span", { class: "fcount", text: fmt.format(c.size) })));
  });
  const rest = data.communities.slice(PALETTE.length);
  if (rest.length) {
    const artists = rest.reduce((sum, c) => sum + c.size, 0);
    list.append(el("li", { class: "other" }, el("span", { class: "swatch", "data-colour": OTHER }), el("span", { class: "legend-name", text: `${fmt.format(rest.length)} smaller communities` }), el("span", { class: "fcount", text: fmt.format(artists) })));
  }
  // Colours are set through the DOM (the page's CSP allows no inline style attributes in markup).
  for (const s of document.querySelectorAll(".swatch[data-colour]")) {
    const c = s.dataset.colour;
    s.style.backgroundColor = TYPE_COLOUR[c] || c;
  }
}

function buildNames(data) {
  // The collection's artists and the most central others: enough to pick from, not thousands of options.
  const names = data.nodes.filter((n) => n.kind !== "me" && (n.kind === "collection" || n.rank <= 2000)).map((n) => n.label);
  $("artist-names").replaceChildren(...[...new Set(names)].sort().map((name) => el("option", { value: name })));
}

function find(text) {
  const graph = state.graph;
  const wanted = text.trim().toLocaleLowerCase();
  if (!wanted) {
    state.found = null;
    state.sigma.refresh({ skipIndexation: true });
    return;
  }
  const nodes = graph.filterNodes((_, a) => a.kind !== "me");
  const rank = (n) => graph.getNodeAttribute(n, "rank");
  const name = (n) => String(graph.getNodeAttribute(n, "label")).toLocaleLowerCase();
  const match = [(n) => name(n) === wanted, (n) => name(n).startsWith(wanted), (n) => name(n).includes(wanted)]
    .map((test) => nodes.filter(test).sort((a, b) => rank(a) - rank(b))).find((list) => list.length > 0);
  const result = $("find-result");
  if (!match) {
    state.found = null;
    state.sigma.refresh({ skipIndexation: true });
    result.textContent = `No artist called “${text.trim()}” in this network.`;
    return;
  }
  focusOn(match[0], match.length > 1 ? ` (1 of ${match.length} matches)` : "");
}

// Marks the node as found, names it under the search box and centres the view on it.
function focusOn(node, more = "") {
  const sigma = state.sigma;
  state.found = node;
  sigma.refresh({ skipIndexation: true });
  $("find-result").textContent = state.graph.getNodeAttribute(node, "label") + more;
  settle();
  const camera = sigma.getCamera();
  const at = sigma.getNodeDisplayData(node);
  delete $("graph").dataset.centred;
  camera.animate({ x: at.x, y: at.y, ratio: Math.min(camera.ratio, 1 / 3) }, { duration: 350 }, () => {
    // Sigma also calls this when another animation takes over (a second search, from the list,
    // while this one runs): then the camera is still moving and the view is not centred yet.
    // Otherwise the camera is there (the frame that draws it there comes next).
    if (!camera.isAnimated()) $("graph").dataset.centred = node;
  });
}

// For the tests and the benchmark: what is drawn, where, in viewport pixels.
state.zoom = () => 1 / state.sigma.getCamera().ratio;
state.drawnEdges = (type) => state.graph.filterEdges((e, a) => (type === undefined || a.kind === type) && !state.sigma.getEdgeDisplayData(e).hidden).length;
state.screen = (node) => {
  const d = state.sigma.getNodeDisplayData(node);
  // From the camera as it is now, not as the last frame drew it (the two differ until the next frame).
  const p = state.sigma.framedGraphToViewport(d, { cameraState: state.sigma.getCamera().getState() });
  return { x: p.x, y: p.y, size: 2 * state.sigma.scaleSize(d.size) };
};
state.labelled = () => drawnLabels.length; // the names drawn at the last frame
// Pans as a drag does, and ends the "drag" when no pan came for 150 ms.
state.panBy = (dx, dy) => {
  moveBy(dx, dy);
  clearTimeout(drag.timer);
  drag.timer = setTimeout(settle, 150);
};
state.settle = settle;
state.zoomTo = (zoom) => {
  settle();
  state.sigma.getCamera().setState({ ratio: 1 / zoom });
};

// Enter submits; picking a name from the list changes the input. Both can fire for one search, so a repeat is ignored.
let lastFind = "";
function findOnce(text) {
  if (text === lastFind) return;
  lastFind = text;
  find(text);
}
$("find").addEventListener("submit", (e) => {
  e.preventDefault();
  findOnce($("find-input").value);
});
$("find-input").addEventListener("change", (e) => findOnce(e.target.value));
$("find-input").addEventListener("input", () => { lastFind = ""; });

document.addEventListener("DOMContentLoaded", () => {
  load().catch((e) => {
    notice("error", "The network could not be drawn", String(e && e.message ? e.message : e));
    document.body.dataset.state = "error";
  });
});
