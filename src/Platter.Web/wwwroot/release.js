// A release of the collection: the copies as the collection knows them beside the release as
// the catalog (or the API) knows it. Everything goes in as text.
"use strict";

const { el, fmt } = Site;
const $ = (id) => document.getElementById(id);

/** Artists as Discogs joins them ("A & B feat. C"), each linked when it has a page. */
function names(credits) {
  const out = [];
  credits.forEach((c, i) => {
    out.push(Site.artistLink(c.artistId, c.anv || c.name, c.known));
    if (i < credits.length - 1) out.push(c.join ? ` ${c.join.trim()} `.replace(/^ ,/, ",") : ", ");
  });
  return out;
}

function creditItem(c) {
  return el("li", {}, Site.artistLink(c.artistId, c.anv || c.name, c.known), el("span", { class: "muted", text: ` – ${c.role || "credited"}${c.tracks ? " (tracks " + c.tracks + ")" : ""}` }));
}

function stars(rating) {
  return el("span", { class: "rating", title: rating ? `rated ${rating} of 5` : "not rated" }, rating ? "★".repeat(rating) + "☆".repeat(5 - rating) : "not rated", rating ? el("span", { class: "sr", text: ` ${rating} / 5` }) : null);
}

function duration(seconds) {
  if (!seconds) return "";
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function render(data) {
  const r = data.release;
  document.title = `Platter · ${r.title}`;
  $("release-title").textContent = r.title;
  if (r.artists.length) $("release-artists").append("by ", ...names(r.artists));
  $("release-facts").textContent = [r.released || r.year, r.country, r.source === "api" ? "record from the Discogs API" : r.source === "catalog" ? "record from the local catalog" : "Discogs does not serve this release; shown is what the collection says"].filter(Boolean).join(" · ");
  const tags = $("release-tags");
  for (const g of r.genres) tags.append(el("a", { class: "tag genre", href: "/?t=" + encodeURIComponent("genre:" + g), text: g }));
  for (const s of r.styles) tags.append(el("a", { class: "tag style", href: "/?t=" + encodeURIComponent("style:" + s), text: s }));

  $("copies-title").textContent = r.copies.length === 1 ? "In your collection: 1 copy" : `In your collection: ${r.copies.length} copies`;
  const copies = $("copies").tBodies[0];
  r.copies.forEach((c, i) => {
    copies.append(el("tr", { "data-instance": c.instanceId },
      el("th", { scope: "row", text: `#${i + 1}` }),
      el("td", { class: "folder", text: c.folder }),
      el("td", {}, stars(c.rating)),
      el("td", { text: Site.date(c.dateAdded) }),
      el("td", {}, c.fields.length ? el("dl", { class: "fields" }, c.fields.flatMap((f) => [el("dt", { text: f.name }), el("dd", { text: f.value || "" })])) : el("span", { class: "muted", text: "none" }))));
  });

  const tracks = $("tracks").tBodies[0];
  for (const t of r.tracks) {
    const who = [];
    if (t.artists.length) who.push(el("div", {}, ...names(t.artists)));
    if (t.credits.length) who.push(el("ul", { class: "credits small" }, t.credits.map(creditItem)));
    tracks.append(el("tr", { class: t.position ? "track" : "heading" },
      el("td", { class: "pos", text: t.position }),
      el("td", { text: t.title ?? "" }),
      el("td", {}, ...who),
      el("td", { class: "num", text: t.duration || "" })));
  }
  if (!r.inCatalog) {
    $("tracks-note").textContent = "The local catalog does not hold this release, so only the tracks with credits are known (without titles). Importing the catalog (platter import) gives the full tracklist.";
    $("tracks-note").hidden = false;
  }
  if (!r.tracks.length) tracks.append(el("tr", {}, el("td", { colspan: 4, class: "muted", text: "No tracks known." })));

  if (r.credits.length) $("credits").append(...r.credits.map(creditItem));
  else $("credits").append(el("li", { class: "muted", text: "None listed." }));

  for (const f of r.formats) {
    const text = [f.quantity && f.quantity !== "1" ? f.quantity + " × " + f.name : f.name, ...f.descriptions, f.text].filter(Boolean).join(", ");
    $("formats").append(el("li", { text }));
  }
  for (const l of r.labels) {
    $("labels").append(el("li", {}, el("a", { href: "/?t=" + encodeURIComponent("label:" + l.name), text: l.name }), l.catalogNumber ? el("span", { class: "muted", text: " – " + l.catalogNumber }) : null));
  }

  const videos = $("videos");
  for (const v of r.videos) {
    const href = v.youtubeId ? "https://www.youtube.com/watch?v=" + encodeURIComponent(v.youtubeId) : /^https?:\/\//i.test(v.url) ? v.url : null;
    const label = (v.title || v.url) + (v.duration ? ` (${duration(v.duration)})` : "");
    videos.append(el("li", {}, href ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: label }) : label));
  }
  if (!r.videos.length) videos.append(el("li", { class: "muted", text: r.inCatalog ? "The catalog lists no videos for this release." : "Videos come from the local catalog, which does not hold this release." }));
}

document.addEventListener("DOMContentLoaded", () => {
  const id = location.pathname.split("/").filter(Boolean)[1] || "";
  Site.load("/api/collection/releases/" + encodeURIComponent(id), render, "release");
});
