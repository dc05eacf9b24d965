// Discoveries from the collection: similar artists, blind spots, this month in the collection's
// history, and a draw of old additions. Everything from Discogs goes on the page as text.
"use strict";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function fill(list, entries, empty) {
  list.replaceChildren(...(entries.length ? entries : [el("li", { class: "empty", text: empty })]));
}

function item(i) {
  // The item is in the collection, so its release has a page here: the copies, tracks and videos.
  const title = el("a", { class: "name", href: Site.withUser(`/release/${i.releaseId}`), text: i.title || `Release ${i.releaseId}` });
  // The day as Discogs wrote it (the months above are counted so), not moved into this browser's time zone.
  const added = i.dateAdded ? Site.date(i.dateAdded.slice(0, 10) + "T00:00:00") : "";
  return el("li", { "data-instance": i.instanceId }, title, el("span", { class: "num", text: added ? "added " + added : "" }), el("span", { class: "why", text: i.artists }));
}

function render(data) {
  const found = data.found;
  $("user").textContent = data.user;
  $("source").textContent = found.source === "catalog"
    ? "Suggestions come from the whole imported Discogs catalog, not only from your collection's records."
    : "No catalog is imported, so suggestions come only from the records behind your collection; import the monthly dump (platter import) for suggestions from the whole catalog.";
  const w = data.weights;
  const pc = (x) => Math.round(x * 100) + "%";
  $("similar-how").textContent = `Artists outside your collection, scored by what they share with your top artists: styles ${pc(w.styles)}, labels ${pc(w.labels)}, collaborators ${pc(w.collaborators)}, genres ${pc(w.genres)}; each of your artists counts by its items.`;

  fill($("similar"), found.similar.map((s) => {
    const bar = el("span", { class: "score" }, el("span"));
    bar.firstChild.style.width = Math.min(100, Math.round(s.score * 100 / Math.max(found.similar[0].score, 1e-9))) + "%";
    return el("li", { "data-artist": s.id },
      el("a", { class: "name", href: Site.withUser(`/artist/${s.id}`), text: s.name }),
      el("span", { class: "num" }, bar, document.createTextNode(s.score.toFixed(3))),
      el("span", { class: "why", text: `like ${s.becauseOfName}${s.shared ? " · " + s.shared : ""}` }));
  }), "No artist outside your collection shares a label or a release with your top artists.");

  fill($("blind"), found.blindSpots.map((b) => el("li", { "data-tag": `${b.kind}:${b.name}` },
    el("a", { class: "name", href: "/?t=" + encodeURIComponent(`${b.kind}:${b.name}`), text: b.name }),
    el("span", { class: "num", text: `${b.kind} · ${fmt.format(b.releases)} release${b.releases === 1 ? "" : "s"}` }),
    el("span", { class: "why", text: "by " + b.artists.join(", ") }))), "None: your collection covers every genre and style your top artists release in.");

  const month = MONTHS[Number.parseInt(data.today.slice(5, 7), 10) - 1];
  $("month-how").textContent = `What you added in ${month} of earlier years.`;
  // A long history would fill the page: the first ones, and how many more.
  const shown = found.thisMonth.slice(0, 12).map(item);
  const more = found.thisMonth.length - shown.length;
  if (more > 0) shown.push(el("li", { class: "empty more", text: `… and ${fmt.format(more)} more added in ${month}` }));
  fill($("month"), shown, `Nothing added in ${month} of an earlier year.`);
  fill($("again"), found.rediscover.map(item), "Your collection is empty.");
  $("discover").hidden = false;
  document.body.dataset.state = "ready";
}

async function load() {
  const q = new URLSearchParams(location.search);
  const api = new URLSearchParams();
  for (const k of ["user", "on", "seed"]) if (q.get(k)) api.set(k, q.get(k));
  const body = await getJson("/api/collection/discover" + (api.toString() ? "?" + api : ""), "Nothing to discover");
  if (body) render(body);
}

document.addEventListener("DOMContentLoaded", () => {
  load().catch((e) => {
    notice("error", "The discoveries could not be loaded", String(e && e.message ? e.message : e));
    document.body.dataset.state = "error";
  });
});
