// The collection dashboard. Each chart says its numbers three ways: drawn next to the bars,
// on hover, and in a real table under it; series differ by pattern and line style, not by colour alone.
"use strict";

const { el, fmt } = Site;
const $ = (id) => document.getElementById(id);
const INK = "#1d1b26";
const SOFT = "#5b5869";
const PALETTE = ["#e4572e", "#2e86ab", "#6b4fa3", "#3bb273", "#f0a202", "#8c5e58", "#d1495b", "#7a7d7d"];

// ---- charts --------------------------------------------------------------------------------

/** Draws each bar's value at its end (stacked bars: the stack's total on top). */
const valueLabels = {
  id: "valueLabels",
  afterDatasetsDraw(chart, _args, options) {
    if (!options || !options.show) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = "600 12px system-ui, sans-serif";
    ctx.fillStyle = INK;
    const horizontal = chart.options.indexAxis === "y";
    const stacked = chart.data.datasets.length > 1;
    const last = chart.getDatasetMeta(chart.data.datasets.length - 1);
    last.data.forEach((bar, i) => {
      const value = stacked ? options.totals[i] : chart.data.datasets[0].data[i];
      if (!value) return;
      const text = options.format ? options.format(i, value) : fmt.format(value);
      if (horizontal) {
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(text, bar.x + 6, bar.y);
      } else {
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText(text, bar.x, bar.y - 4);
      }
    });
    ctx.restore();
  },
};

/** A fill that differs by pattern as well as colour: stripes, dots, crosses… */
function pattern(color, i) {
  const size = 10;
  const c = document.createElement("canvas");
  c.width = c.height = size;
  const g = c.getContext("2d");
  g.fillStyle = color;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = "rgba(255,255,255,.75)";
  g.fillStyle = "rgba(255,255,255,.75)";
  g.lineWidth = 2;
  switch (i % 6) {
    case 1: g.beginPath(); g.moveTo(0, size); g.lineTo(size, 0); g.stroke(); break;
    case 2: g.beginPath(); g.arc(size / 2, size / 2, 2, 0, 2 * Math.PI); g.fill(); break;
    case 3: g.beginPath(); g.moveTo(0, size / 2); g.lineTo(size, size / 2); g.stroke(); break;
    case 4: g.beginPath(); g.moveTo(0, 0); g.lineTo(size, size); g.moveTo(size, 0); g.lineTo(0, size); g.stroke(); break;
    case 5: g.beginPath(); g.moveTo(size / 2, 0); g.lineTo(size / 2, size); g.stroke(); break;
    default: break;
  }
  return g.createPattern(c, "repeat");
}

/**
 * A card with a chart, its caption and a table of the same numbers.
 * table: { head: [..], rows: [[..]], numeric: index → true }
 */
function card(id, title, caption, height, config, table, wide = false) {
  const canvas = el("canvas", { role: "img", "aria-label": title + ": the table below holds the same numbers" });
  const box = el("div", { class: "chart-box" }, canvas);
  box.style.height = height + "px";
  const thead = el("thead", {}, el("tr", {}, table.head.map((h, i) => el("th", { scope: "col", class: i > 0 && table.numeric !== false ? "num" : null, text: h }))));
  const tbody = el("tbody", {}, table.rows.map((row) => el("tr", {}, row.map((v, i) => (i === 0 ? el("th", { scope: "row", text: v }) : el("td", { class: typeof v === "number" ? "num" : null, text: typeof v === "number" ? fmt.format(v) : v }))))));
  const section = el("section", { class: "card chart-card" + (wide ? " wide" : ""), id, "aria-labelledby": id + "-title" },
    el("h2", { id: id + "-title", text: title }),
    caption ? el("p", { class: "caption", text: caption }) : null,
    box,
    el("details", { class: "table-view" }, el("summary", { text: "Table" }), el("table", { class: "data" }, thead, tbody)));
  $("charts").append(section);
  if (window.Chart) new window.Chart(canvas, config);
  else box.replaceChildren(el("p", { class: "caption", text: "The chart library did not load; the table holds the numbers." }));
}

function baseOptions(extra = {}) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false }, tooltip: { callbacks: {} } },
    ...extra,
  };
}

/** A horizontal bar chart of counts with their values drawn at the bars' ends. */
function barsCard(id, title, caption, counts, what = "items") {
  if (!counts || counts.length === 0) return;
  const height = 40 + counts.length * 26;
  card(id, title, caption, height, {
    type: "bar",
    data: { labels: counts.map((c) => c.name), datasets: [{ label: what, data: counts.map((c) => c.items), backgroundColor: PALETTE[0], borderRadius: 4, barPercentage: 0.8 }] },
    options: baseOptions({
      indexAxis: "y",
      layout: { padding: { right: 44 } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0, color: SOFT }, grid: { color: "#eee" } }, y: { ticks: { color: INK, autoSkip: false }, grid: { display: false } } },
      plugins: { legend: { display: false }, valueLabels: { show: true } },
    }),
    plugins: [valueLabels],
  }, { head: [title.replace(/^Top /, ""), "Items"], rows: counts.map((c) => [c.name, c.items]) });
}

// ---- the page ------------------------------------------------------------------------------

function money(v, currency) {
  if (v === null || v === undefined) return "–";
  try { return new Intl.NumberFormat("en", { style: "currency", currency: currency || "USD" }).format(v); } catch { return (currency ? currency + " " : "") + fmt.format(v); }
}

/** Each snapshot's date, with the time when two share a day. */
function snapshotLabels(values) {
  const days = values.map((v) => Site.date(v.takenAt));
  return values.map((v, i) => (days.filter((d) => d === days[i]).length > 1 ? new Date(v.takenAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : days[i]));
}

function render(data) {
  const d = data.dashboard;
  const s = d.summary;
  document.title = `Platter · ${data.user}'s collection`;
  $("title").textContent = `${data.user}'s collection`;
  $("synced").textContent = d.syncedAt ? "Synced " + Site.date(d.syncedAt) : "";
  if (data.users.length > 1) {
    const pick = $("users");
    for (const u of data.users) pick.append(el("option", { value: u, text: u, selected: u === data.user }));
    pick.addEventListener("change", () => { location.search = "?user=" + encodeURIComponent(pick.value); });
    $("user-pick").hidden = false;
  }

  $("stat-items").textContent = fmt.format(s.items);
  $("stat-releases").textContent = fmt.format(s.releases);
  $("stat-artists").textContent = fmt.format(s.artists);
  $("stat-wants").textContent = fmt.format(s.wants);
  const latest = s.values.length ? s.values[s.values.length - 1] : null;
  if (latest) {
    $("stat-value").textContent = money(latest.median, latest.currency);
    $("stat-value-label").textContent = `value (median; ${money(latest.minimum, latest.currency)} to ${money(latest.maximum, latest.currency)})`;
  } else {
    $("stat-value").textContent = "–";
    $("stat-value-label").textContent = "value: none stored (Discogs shows it only to the owner)";
  }

  // Value over time: three lines told apart by dash and point shape too.
  if (s.values.length) {
    const cur = latest.currency;
    const series = [["Maximum", "maximum", [6, 4], "triangle"], ["Median", "median", [], "circle"], ["Minimum", "minimum", [2, 3], "rect"]];
    card("value", "Value over time", `What Discogs' marketplace puts the collection at, at each sync${cur ? " (" + cur + ")" : ""}.`, 260, {
      type: "line",
      data: {
        labels: snapshotLabels(s.values),
        datasets: series.map(([label, key, dash, point], i) => ({ label, data: s.values.map((v) => v[key]), borderColor: PALETTE[i], backgroundColor: PALETTE[i], borderDash: dash, pointStyle: point, pointRadius: 5, borderWidth: 2 })),
      },
      options: baseOptions({
        plugins: { legend: { display: true, labels: { usePointStyle: true, color: INK } }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(c.parsed.y, cur)}` } } },
        scales: { y: { ticks: { callback: (v) => money(v, cur), color: SOFT } }, x: { ticks: { color: SOFT } } },
      }),
    }, { head: ["Taken", "Minimum", "Median", "Maximum"], rows: s.values.map((v, i) => [snapshotLabels(s.values)[i], money(v.minimum, v.currency), money(v.median, v.currency), money(v.maximum, v.currency)]) });
  }

  barsCard("formats", "Formats", "Items per format (a box set of a CD and an LP counts in both).", s.top.formats);

  if (d.addedByMonth.length) {
    const few = d.addedByMonth.length <= 24;
    card("added", "Items added per month", "When each item went into the collection, by the date Discogs records.", 240, {
      type: "bar",
      data: { labels: d.addedByMonth.map((m) => m.name), datasets: [{ label: "items added", data: d.addedByMonth.map((m) => m.items), backgroundColor: PALETTE[1], borderRadius: 3 }] },
      options: baseOptions({
        layout: { padding: { top: 18 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0, color: SOFT } }, x: { ticks: { color: SOFT, maxRotation: 0, autoSkip: true } } },
        plugins: { legend: { display: false }, valueLabels: { show: few } },
      }),
      plugins: [valueLabels],
    }, { head: ["Month", "Items added"], rows: d.addedByMonth.map((m) => [m.name, m.items]) }, true);
  }

  barsCard("genres", "Top genres", "Items per genre; an item with two genres counts in each.", s.top.genres);
  barsCard("styles", "Top styles", "Items per style; an item with several styles counts in each.", s.top.styles);

  const dg = d.decades;
  if (dg.decades.length) {
    const totals = dg.decades.map((r) => r.counts.reduce((a, b) => a + b, 0));
    card("decades", "Decades × genres", "Items per decade of release, stacked by genre (an item with two genres is in both; items without a year are left out). Segments differ by pattern as well as colour.", 320, {
      type: "bar",
      data: {
        labels: dg.decades.map((r) => r.decade),
        datasets: dg.genres.map((g, i) => ({ label: g, data: dg.decades.map((r) => r.counts[i]), backgroundColor: pattern(PALETTE[i % PALETTE.length], i), borderColor: "#fff", borderWidth: 1 })),
      },
      options: baseOptions({
        layout: { padding: { top: 18 } },
        scales: { x: { stacked: true, ticks: { color: INK } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: SOFT } } },
        plugins: { legend: { display: true, position: "right", labels: { color: INK, boxWidth: 18, boxHeight: 14 } }, valueLabels: { show: true, totals }, tooltip: { mode: "index", filter: (c) => c.parsed.y > 0 } },
      }),
      plugins: [valueLabels],
    }, { head: ["Decade", "Items", ...dg.genres], rows: dg.decades.map((r) => [r.decade, r.items, ...r.counts]) }, true);
  }

  barsCard("countries", "Countries", "Items per country of release.", s.top.countries);
  barsCard("labels", "Top labels", "Items per label.", s.top.labels);

  if (d.drift.length) {
    const share = (y) => (y.items ? Math.round((100 * y.styleItems) / y.items) : 0);
    card("drift", "Taste drift", "For each year of adding, the style most of that year's items carry (the bar: its share of the year's items) and the top genre.", 40 + d.drift.length * 30, {
      type: "bar",
      data: { labels: d.drift.map((y) => y.year), datasets: [{ label: "share of the year's items", data: d.drift.map(share), backgroundColor: PALETTE[2], borderRadius: 4, barPercentage: 0.8 }] },
      options: baseOptions({
        indexAxis: "y",
        layout: { padding: { right: 190 } },
        scales: { x: { beginAtZero: true, max: 100, ticks: { callback: (v) => v + "%", color: SOFT } }, y: { ticks: { color: INK } } },
        plugins: {
          legend: { display: false },
          valueLabels: { show: true, format: (i, v) => `${d.drift[i].style || "–"} · ${v}%` },
          tooltip: { callbacks: { label: (c) => { const y = d.drift[c.dataIndex]; return `${y.style}: ${y.styleItems} of ${y.items} items; top genre ${y.genre} (${y.genreItems})`; } } },
        },
      }),
      plugins: [valueLabels],
    }, { head: ["Year added", "Items", "Top style", "Its items", "Top genre", "Its items"], rows: d.drift.map((y) => [y.year, y.items, y.style || "–", y.styleItems, y.genre || "–", y.genreItems]) }, true);
  }

  const kinds = Object.fromEntries(d.artistKinds.map((k) => [k.name, k.items]));
  const parts = [];
  if (kinds.group) parts.push(`${fmt.format(kinds.group)} bands`);
  if (kinds.person) parts.push(`${fmt.format(kinds.person)} people`);
  if (kinds.unknown) parts.push(`${fmt.format(kinds.unknown)} not known to be either`);
  $("artist-kinds").textContent = parts.length ? "Of the collection's main artists: " + parts.join(", ") + "." : "";
  const list = $("top-artists");
  for (const a of d.artists) {
    list.append(el("li", { class: "top-artist" },
      Site.thumb(a.thumbnail, a.name),
      el("div", { class: "who" }, el("a", { class: "name", href: Site.withUser("/artist/" + a.id), text: a.name }), Site.kindMark(a.kind)),
      el("span", { class: "n", text: `${fmt.format(a.items)} ${a.items === 1 ? "item" : "items"}` })));
  }
}

document.addEventListener("DOMContentLoaded", () => Site.load("/api/collection", render, "dashboard"));
