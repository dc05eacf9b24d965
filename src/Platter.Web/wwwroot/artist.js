// An artist as the collection sees it. The profile comes as runs of text and links that the
// server read from Discogs' markup; each run goes in as text, links only to this site or http(s).
"use strict";

const { el, fmt } = Site;
const $ = (id) => document.getElementById(id);

// How each relation reads with its source first.
const VERB = {
  member_of: "is a member of",
  alias_of: "also records as", // Discogs lists the one among the aliases of the other; either way round it is true
  together: "appears with",
  credited_on: "is credited on releases of",
  track_artist_on: "has tracks on releases of",
};

function profileRun(run) {
  let node = document.createTextNode(run.text);
  if (run.href && (run.href.startsWith("/") ? !run.href.startsWith("//") : /^https?:\/\//i.test(run.href))) {
    const a = el("a", { href: run.external ? run.href : Site.withUser(run.href) }, node);
    if (run.external) { a.rel = "noopener noreferrer nofollow"; a.target = "_blank"; }
    node = a;
  }
  if (run.italic) node = el("em", {}, node);
  if (run.bold) node = el("strong", {}, node);
  return node;
}

function linkList(title, artists) {
  if (!artists.length) return [];
  return [el("dt", { text: title }), el("dd", {}, el("ul", { class: "inline" }, artists.map((a) =>
    el("li", {}, Site.artistLink(a.id, a.name, a.known), a.active === false ? el("span", { class: "muted", text: " (former)" }) : null))))];
}

function roleText(r) {
  let t = r.role;
  if (r.qualifier) t += ` [${r.qualifier}]`;
  if (r.tracks) t += ` (tracks ${r.tracks})`;
  return t;
}

function render(data) {
  const a = data.artist;
  document.title = `Platter · ${a.name}`;
  $("artist-thumb").replaceWith(Site.thumb(a.thumbnail, a.name, "big"));
  $("artist-name").textContent = a.name;
  $("artist-kind").replaceWith(Site.kindMark(a.kind));
  $("artist-real").textContent = a.realName && a.realName !== a.name ? "Real name: " + a.realName : "";
  const items = (x) => `${fmt.format(x)} ${x === 1 ? "item" : "items"}`;
  $("artist-counts").textContent = `In ${data.user}'s collection: ${items(a.items.main)} as main artist · ${items(a.items.track)} as track artist · ${items(a.items.credit)} credited`;

  const profile = $("profile");
  if (data.profile.length) profile.append(...data.profile.map(profileRun));
  else profile.append(el("span", { class: "muted", text: "Discogs has no profile for this artist." }));
  for (const url of a.urls) {
    if (/^https?:\/\//i.test(url)) $("urls").append(el("li", {}, el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: url })));
  }

  const links = [...linkList("Members", a.members), ...linkList("Groups", a.groups), ...linkList("Aliases", a.aliases)];
  if (links.length) $("links").append(...links);
  else $("links").append(el("dd", { class: "muted", text: "Discogs lists none." }));

  const rows = $("items").tBodies[0];
  for (const r of a.onReleases) {
    rows.append(el("tr", {},
      el("th", { scope: "row" }, Site.releaseLink(r.releaseId, r.title)),
      el("td", { text: r.year ?? "" }),
      el("td", { class: "num", text: fmt.format(r.copies) }),
      el("td", {}, el("ul", { class: "roles" }, r.roles.map((x) =>
        el("li", { class: "role " + x.part, "data-part": x.part, title: x.category },
          el("span", { class: "part", text: x.part }), " ", roleText(x), " ", el("span", { class: "cat", text: "· " + x.category })))))));
  }
  if (!a.onReleases.length) rows.append(el("tr", {}, el("td", { colspan: 4, class: "muted", text: "No release of this collection credits the artist (it is on the wantlist, or linked from another artist)." })));

  // The artist's masters that no item belongs to (known for the collection's main artists).
  const gaps = $("gaps").tBodies[0];
  $("gaps-caption").textContent = a.masters == null
    ? a.items.main > 0
      ? `Platter holds no list of ${a.name}'s masters from Discogs, so what is missing from the collection cannot be shown.`
      : "Platter keeps the discography of the collection's main artists only; this artist is not one of them."
    : a.masters === 0
      ? `Discogs lists no master with ${a.name} as its main artist, so nothing is missing here.`
      : a.gaps.length === a.masters
        ? `None of the ${fmt.format(a.masters)} masters with ${a.name} as main artist is in the collection.`
        : `${fmt.format(a.gaps.length)} of the ${fmt.format(a.masters)} masters with ${a.name} as main artist are not in the collection.`;
  for (const g of a.gaps) {
    gaps.append(el("tr", { "data-master": g.masterId },
      el("td", { text: g.year == null ? "" : String(g.year) }),
      el("td", { text: g.title || "master " + g.masterId }),
      el("td", {}, el("a", { href: "https://www.discogs.com/master/" + encodeURIComponent(g.masterId), rel: "noopener noreferrer", text: "master " + g.masterId }))));
  }
  $("gaps").hidden = !a.gaps.length;

  community(data);
  similar(data);

  const relations = $("relations").tBodies[0];
  for (const x of a.relations) {
    const me = el("strong", { text: a.name });
    const other = Site.artistLink(x.otherId, x.otherName, x.otherKnown);
    const [source, target] = x.outgoing ? [me, other] : [other, me];
    const evidence = x.evidenceKind === "release"
      ? [x.evidenceIds.length === 1 ? "release " : "releases ", ...x.evidenceIds.flatMap((id, i) => [i ? ", " : "", Site.releaseLink(id, String(id))])]
      : [x.evidenceIds.length === 1 ? "the record of " : "the records of ", ...x.evidenceIds.flatMap((id, i) => [i ? ", " : "", id === a.id ? el("span", { text: a.name }) : Site.artistLink(id, x.otherName, x.otherKnown)])];
    relations.append(el("tr", { "data-type": x.type, "data-other": x.otherId },
      el("td", {}, source, " ", el("span", { class: "verb", text: VERB[x.type] || x.type }), " ", target),
      el("td", { class: "num", text: fmt.format(x.weight) }),
      el("td", { text: x.roles || "" }),
      el("td", { class: "evidence" }, ...evidence)));
  }
  if (!a.relations.length) relations.append(el("tr", {}, el("td", { colspan: 4, class: "muted", text: "No relations found." })));
}

const ordinal = (n) => n === 1 ? "" : n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th") + " ";
const itemsText = (n) => `${fmt.format(n)} ${n === 1 ? "item" : "items"}`;

// The artist's community in the collection's network, named as the network page's legend names it.
function community(data) {
  const a = data.artist;
  const box = $("community");
  const c = data.community;
  if (!c) {
    box.append(el("p", { class: "muted", id: "community-none", text: `${a.name} is not in ${data.user}'s network: it is neither a main artist of an item nor one relation away from one, so it belongs to no community.` }));
    return;
  }
  box.append(
    el("p", { class: "community-name", id: "community-label", text: c.label }),
    el("p", { class: "caption", id: "community-size" },
      `The ${ordinal(c.rank)}largest of the ${fmt.format(c.communities)} communities of ${data.user}'s network: ${fmt.format(c.size)} ${c.size === 1 ? "artist" : "artists"} that the relations tie closer to each other than to the rest (named by its most central artists, as on the network page).`));
  if (c.others.length) {
    const rows = c.others.map((o) => el("tr", { "data-artist": o.id },
      el("th", { scope: "row" }, Site.artistLink(o.id, o.name, o.known)),
      el("td", { class: "num", text: o.items ? itemsText(o.items) : "" }),
      el("td", { class: "muted", text: o.kind === "collection" ? "in the collection" : "one relation away" })));
    box.append(el("table", { class: "data", id: "community-artists" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Most collected with it" }), el("th", { scope: "col", class: "num", text: "Items" }), el("th", { scope: "col", text: "How" }))),
      el("tbody", {}, rows)));
  }
  box.append(el("p", { class: "more" }, el("a", { id: "community-focus", href: Site.withUser("/network?focus=" + encodeURIComponent(a.id)), text: `See ${a.name} in the network →` })));
}

// The artists most like this one: the weighted similarity of the discover page, this artist the only seed.
function similar(data) {
  const a = data.artist;
  const s = data.similar;
  $("similar-caption").textContent = `Artists that share the most with ${a.name}: styles weigh most, then labels and collaborators, then genres (each a Jaccard index over the releases an artist appears on, in ${s.source === "catalog" ? "the whole imported catalog" : "the records behind the collection: import the Discogs dump for the whole catalog"}).`;
  const rows = $("similar").tBodies[0];
  const top = s.artists.length ? s.artists[0].score : 1;
  for (const x of s.artists) {
    const bar = el("span", { class: "score" }, el("span"));
    bar.firstChild.style.width = Math.max(4, Math.round(x.score * 100 / Math.max(top, 1e-9))) + "%";
    const name = x.known
      ? Site.artistLink(x.id, x.name, true)
      : el("a", { href: "https://www.discogs.com/artist/" + encodeURIComponent(x.id), rel: "noopener noreferrer", title: "Platter has no page for this artist: it opens on Discogs", text: x.name });
    rows.append(el("tr", { "data-artist": x.id, "data-score": x.score.toFixed(4) },
      el("th", { scope: "row" }, name, " ", x.items ? el("span", { class: "mark mine", title: `A main artist of ${itemsText(x.items)} of the collection`, text: "In collection" }) : null),
      el("td", { class: "num" }, bar, x.score.toFixed(3)),
      el("td", { class: "shares", text: x.shared })));
  }
  if (!s.artists.length) rows.append(el("tr", {}, el("td", { colspan: 3, class: "muted", text: `No artist shares a release or a label with ${a.name}.` })));
}

document.addEventListener("DOMContentLoaded", () => {
  const id = location.pathname.split("/").filter(Boolean)[1] || "";
  Site.load("/api/collection/artists/" + encodeURIComponent(id), render, "artist");
});
