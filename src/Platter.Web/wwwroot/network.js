// The artist network centred on the collector. Positions come from the server (a deterministic
// layout; Cytoscape's force layouts take seconds for thousands of nodes), so the page only draws.
// Names from Discogs reach the page as text (textContent, Cytoscape's canvas labels), never markup.
"use strict";

const PALETTE = ["#e4572e", "#2e86ab", "#76b041", "#8e5ab5", "#f0a202", "#17a398", "#d1495b", "#3d5a80", "#a0522d", "#c2a83e"];
const OTHER = "#bdb8ad";
const TYPE_LABEL = {
  collects: "you → artist",
  member_of: "member of",
  alias_of: "alias of",
  together: "together on a release",
  credited_on: "credited on",
  track_artist_on: "track artist on",
};
const TYPE_COLOUR = { collects: "#d9d4ca", member_of: "#1d1b26", alias_of: "#8e5ab5", together: "#2e86ab", credited_on: "#e4572e", track_artist_on: "#76b041" };
// Labels: the top ranks show at the first view, the next ones once zoomed in, the rest closer still.
const LABEL_TIERS = [[15, 1], [80, 2.2], [Infinity, 5]];

const state = { cy: null, edges: null, types: new Set(), minWeight: 1, fitZoom: 1 };
window.platterNetwork = state;

async function load() {
  const q = new URLSearchParams(location.search);
  const user = q.get("user");
  const body = await getJson("/api/collection/network" + (user ? "?user=" + encodeURIComponent(user) : ""), "The network could not be loaded");
  // Hidden only when there is nothing to find: a header that changes height under a drawn graph would shift its clicks.
  if (body) draw(body);
  else $("find").hidden = true;
}

function colourOf(community, colours) {
  return colours.get(community) || OTHER;
}

// Phase times (ms since navigation start) for the benchmark: bench/Platter.Bench.Collection --network.
function mark(name) {
  (state.marks = state.marks || {})[name] = Math.round(performance.now());
}

function draw(data) {
  mark("data");
  $("user").textContent = data.user;
  $("net-layout").hidden = false;
  const colours = new Map(data.communities.slice(0, PALETTE.length).map((c, i) => [c.id, PALETTE[i]]));

  const elements = [];
  for (const n of data.nodes) {
    elements.push({
      group: "nodes",
      data: { id: n.id, artistId: n.artistId, label: n.label, kind: n.kind, items: n.items, community: n.community, size: n.size, rank: n.rank, colour: n.kind === "me" ? "#1d1b26" : colourOf(n.community, colours), font: 10 },
      position: { x: n.x, y: n.y },
    });
  }
  data.edges.forEach((e, i) => {
    elements.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, type: e.type, weight: e.weight } });
  });

  const cy = cytoscape({
    container: $("graph"),
    elements,
    layout: { name: "preset" },
    // Panning and zooming move a snapshot of the drawing, so they stay fluid with thousands of nodes.
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    pixelRatio: 1,
    motionBlur: false,
    minZoom: 0.01,
    maxZoom: 8,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node", style: { width: "data(size)", height: "data(size)", "background-color": "data(colour)", "border-width": 0, label: "", "font-size": "data(font)", color: "#1d1b26", "text-outline-color": "#f6f4ef", "text-outline-width": 2, "text-valign": "bottom", "text-margin-y": 2, "min-zoomed-font-size": 9 } },
      { selector: "node[kind = 'related']", style: { opacity: 0.85 } },
      { selector: "node.named", style: { label: "data(label)" } },
      { selector: "node[kind = 'me']", style: { label: "data(label)", color: "#fff", "text-valign": "center", "text-outline-color": "#1d1b26", "font-weight": 700 } },
      { selector: "node:selected, node.found", style: { label: "data(label)", "border-width": 4, "border-color": "#1d1b26", "z-index": 10, "min-zoomed-font-size": 0 } },
      { selector: "edge", style: { width: "mapData(weight, 1, 20, 0.6, 5)", "line-color": "#8a8598", opacity: 0.45, "curve-style": "haystack" } },
      ...Object.entries(TYPE_COLOUR).map(([type, colour]) => ({ selector: `edge[type = '${type}']`, style: { "line-color": colour } })),
      { selector: "edge[type = 'collects']", style: { opacity: 0.35 } },
    ],
  });
  state.cy = cy;
  mark("cytoscape");
  state.edges = cy.edges();

  cy.fit(undefined, 30);
  state.fitZoom = cy.zoom();
  labelFonts();
  cy.on("zoom", () => {
    clearTimeout(state.zoomTimer);
    state.zoomTimer = setTimeout(labelFonts, 120);
  });
  mark("labels");
  cy.minZoom(state.fitZoom / 4);

  cy.on("tap", "node", (evt) => {
    const id = evt.target.data("artistId");
    if (id) location.assign("/artist/" + id);
  });

  buildTypes(data);
  buildLegend(data, colours);
  buildNames(data);
  mark("panels");
  applyFilter();
  mark("filter");
  cy.one("render", () => {
    state.readyAt = performance.now();
    document.body.dataset.state = "ready";
    focusFromAddress();
  });
  cy.forceRender();
}

// /network?focus=ID (the artist pages link so) starts on that artist.
function focusFromAddress() {
  const id = new URLSearchParams(location.search).get("focus");
  if (!id) return;
  const node = /^[0-9]+$/.test(id) ? state.cy.getElementById("a" + id) : state.cy.collection();
  if (node.length) {
    $("find-input").value = node.data("label");
    focusOn(node);
  } else {
    $("find-result").textContent = `Artist ${id} is not in this network.`;
  }
}

// Labels keep one size on screen whatever the zoom, and appear tier by tier as one zooms in: the
// top ranks at the first view, the next ones closer, the rest closer still; a found artist always.
function labelFonts() {
  const cy = state.cy;
  const z = cy.zoom();
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const rank = n.data("rank");
      const [, zoomIn] = LABEL_TIERS.find(([limit]) => rank <= limit);
      const shown = rank === 0 || n.hasClass("found") || z >= state.fitZoom * zoomIn * 0.999;
      const screen = rank === 0 ? 16 : zoomIn === 1 || n.hasClass("found") ? 13 : 11;
      // A label not shown is no label at all, not a tiny one: Cytoscape measures every label's
      // text for its bounding box, which for thousands of names took most of the first frame.
      if (rank > 0 && n.hasClass("named") !== shown) n.toggleClass("named", shown);
      if (shown) n.data("font", screen / z);
    });
  });
}

function buildTypes(data) {
  const counts = new Map();
  for (const e of data.edges) counts.set(e.type, (counts.get(e.type) || 0) + 1);
  const list = $("types");
  list.replaceChildren();
  for (const type of Object.keys(TYPE_LABEL).filter((t) => counts.has(t))) {
    state.types.add(type);
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

function applyFilter() {
  const cy = state.cy;
  cy.batch(() => {
    cy.edges().remove();
    state.edges.filter((e) => state.types.has(e.data("type")) && e.data("weight") >= state.minWeight).restore();
  });
  const artists = cy.nodes().length - 1;
  $("net-count").textContent = `${fmt.format(artists)} artists, ${fmt.format(cy.edges().length)} of ${fmt.format(state.edges.length)} links shown`;
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
  const cy = state.cy;
  const wanted = text.trim().toLocaleLowerCase();
  cy.nodes(".found").removeClass("found");
  if (!wanted) return;
  const nodes = cy.nodes().filter((n) => n.data("kind") !== "me");
  const byRank = (a, b) => a.data("rank") - b.data("rank");
  const name = (n) => String(n.data("label")).toLocaleLowerCase();
  const match = [(n) => name(n) === wanted, (n) => name(n).startsWith(wanted), (n) => name(n).includes(wanted)]
    .map((test) => nodes.filter(test).sort(byRank)).find((list) => list.length > 0);
  const result = $("find-result");
  if (!match) {
    result.textContent = `No artist called “${text.trim()}” in this network.`;
    return;
  }
  focusOn(match[0], match.length > 1 ? ` (1 of ${match.length} matches)` : "");
}

// Marks the node as found, names it under the search box and centres the view on it.
function focusOn(node, more = "") {
  const cy = state.cy;
  cy.nodes(".found").removeClass("found");
  node.addClass("found");
  labelFonts();
  $("find-result").textContent = node.data("label") + more;
  cy.stop();
  // The node's own centre, not its bounding box (which takes in the label), goes to the middle.
  const zoom = Math.max(cy.zoom(), state.fitZoom * 3);
  const p = node.position();
  cy.animate({ zoom, pan: { x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } }, {
    duration: 350,
    complete: () => { $("graph").dataset.centred = node.id(); },
  });
}

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
