// Platter's tag explorer. Everything from Discogs is put on the page as text (textContent),
// never as markup. The whole state lives in the address: ?t=style:Techno&t=country:Germany.
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE = 25;
const SKIP_CODES = new Set([2, 5, 100, 101, 150, 153]);
const KIND_LABEL = { genre: "Genre", style: "Style", decade: "Decade", year: "Year", country: "Country", label: "Label", artist: "Artist", format: "Format", in: "In" };
const fmt = new Intl.NumberFormat("en");

const state = { tags: [], videosOnly: false, shuffle: false, seed: 0, page: 0 };
const play = { list: [], pos: -1, next: 0, loading: null, player: null, ready: false, key: "" };
let skipped = new Set(JSON.parse(localStorage.getItem("platter.skipped") || "[]"));
let lastResult = null;

// ---- state and address ----------------------------------------------------------------

function readAddress() {
  const q = new URLSearchParams(location.search);
  state.tags = q.getAll("t").filter((t) => t.trim() !== "");
  state.videosOnly = q.get("videos") === "only";
  state.shuffle = q.get("order") === "shuffle";
  state.seed = Number.parseInt(q.get("seed") || "0", 10) || 0;
  state.page = Math.max(0, (Number.parseInt(q.get("page") || "1", 10) || 1) - 1);
}

function queryString(extra = {}) {
  const q = new URLSearchParams();
  for (const t of state.tags) q.append("t", t);
  if (state.videosOnly) q.set("videos", "only");
  if (state.shuffle) { q.set("order", "shuffle"); q.set("seed", String(state.seed)); }
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

function go(push = true) {
  const address = state.tags.length || state.videosOnly ? "?" + queryString(state.page ? { page: state.page + 1 } : {}) : location.pathname;
  if (push) history.pushState(null, "", address);
  else history.replaceState(null, "", address);
  render();
}

function addTag(token) {
  const negated = token.startsWith("-");
  const body = negated ? token.slice(1) : token;
  state.tags = state.tags.filter((t) => t !== body && t !== "-" + body);
  state.tags.push(token);
  state.page = 0;
  go();
}

function removeTag(token) {
  state.tags = state.tags.filter((t) => t !== token);
  state.page = 0;
  go();
}

// ---- talking to the API --------------------------------------------------------------

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || `The server answered ${response.status}.`);
    error.status = response.status;
    error.suggestions = (body && body.suggestions) || [];
    throw error;
  }
  return body;
}

// ---- rendering -----------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function splitToken(token) {
  const negated = token.startsWith("-");
  const body = negated ? token.slice(1) : token;
  const i = body.indexOf(":");
  return { negated, kind: i > 0 ? body.slice(0, i) : "", name: i > 0 ? body.slice(i + 1) : body };
}

function displayName(name) {
  return name.replace(/#\d+$/, "").split("|").join(" or ");
}

function showNotice(message, kind = "error", suggestions = []) {
  // The server's "… Did you mean A or B?" is shown once, as the buttons below.
  if (suggestions.length) message = message.replace(/ Did you mean .*\?$/, "");
  const box = $("notice");
  box.replaceChildren();
  box.className = "notice " + kind;
  // "… Build it with: platter index --db X": the command goes in a block a person can copy.
  const at = message.search(/: platter /);
  if (at >= 0) {
    box.append(el("p", { text: message.slice(0, at + 1) }), el("pre", {}, el("code", { text: message.slice(at + 2) })));
  } else {
    box.append(el("p", { text: message }));
  }
  if (suggestions.length) {
    const p = el("p", { class: "suggested" }, "Did you mean: ");
    // Replace the tag the message names (the others stay) by the one picked.
    const named = state.tags.filter((t) => message.includes(t.replace(/^-/, "")));
    for (const s of suggestions) p.append(el("button", { type: "button", class: "linkish", text: s, onclick: () => { state.tags = state.tags.filter((t) => !named.includes(t)); addTag(s); } }), " ");
    box.append(p);
  }
  box.hidden = false;
}

function renderChips() {
  const chips = $("chips");
  chips.replaceChildren();
  for (const token of state.tags) {
    const { negated, kind, name } = splitToken(token);
    chips.append(el("span", { class: "chip" + (negated ? " not" : ""), "data-token": token },
      el("span", { class: "kind", text: negated ? "not " + (KIND_LABEL[kind] || kind) : (KIND_LABEL[kind] || kind) }),
      el("span", { class: "name", text: displayName(name) }),
      el("button", { type: "button", class: "remove", title: `Remove ${token}`, "aria-label": `Remove ${token}`, text: "×", onclick: () => removeTag(token) })));
  }
}

function renderFacets(facets, total) {
  const box = $("facets");
  box.replaceChildren();
  if (!facets) return;
  const order = ["genre", "style", "decade", "country", "label", "artist", "format", "year"];
  for (const kind of order) {
    const tags = facets.kinds[kind] || [];
    if (!tags.length) continue;
    const counted = facets.countedPerKind[kind];
    const estimated = counted < total;
    const list = el("ul");
    tags.forEach((t, i) => {
      const item = el("li", { class: i >= 8 ? "more" : "" },
        el("button", { type: "button", class: "facet", title: `Add ${t.token}`, "data-token": t.token, onclick: () => addTag(t.token) },
          el("span", { class: "fname", text: t.name }), el("span", { class: "fcount", text: (estimated ? "≈" : "") + fmt.format(t.works) })),
        el("button", { type: "button", class: "exclude", title: `Exclude ${t.token}`, "aria-label": `Exclude ${t.token}`, text: "−", onclick: () => addTag("-" + t.token) }));
      list.append(item);
    });
    const group = el("section", { class: "facet-group" }, el("h2", { text: KIND_LABEL[kind] }), list);
    if (estimated) group.append(el("p", { class: "estimate", text: `≈ estimated from ${fmt.format(counted)} of the ${fmt.format(total)} works` }));
    if (tags.length > 8) {
      group.classList.add("collapsed");
      group.append(el("button", { type: "button", class: "linkish show-more", text: `Show ${tags.length - 8} more`, onclick: (e) => { group.classList.remove("collapsed"); e.target.remove(); } }));
    }
    box.append(group);
  }
}

function workLine(w) {
  const bits = [w.year, w.country, w.labels].filter(Boolean).join(" · ");
  return bits;
}

function renderWorks(result) {
  const list = $("works");
  list.replaceChildren();
  list.start = result.offset + 1;
  result.page.forEach((w, i) => {
    const index = result.offset + i;
    const playButton = w.videoCount > 0
      ? el("button", { type: "button", class: "play", title: "Play this work's videos", "aria-label": `Play ${w.title || "this work"}`, text: "▶", onclick: () => startPlaylist(index) })
      : el("span", { class: "play none", title: "No videos", text: "–" });
    list.append(el("li", { class: "work", "data-ordinal": w.ordinal, "data-index": index },
      playButton,
      el("div", { class: "meta" },
        el("a", { class: "title", href: w.discogsUrl, target: "_blank", rel: "noopener noreferrer", text: w.title || "(untitled)" }),
        el("span", { class: "artists", text: w.artists || "" }),
        el("span", { class: "details", text: workLine(w) })),
      el("span", { class: "videos", text: w.videoCount === 1 ? "1 video" : `${fmt.format(w.videoCount)} videos` })));
  });
  const pages = Math.ceil(result.works / PAGE);
  $("pager").hidden = pages <= 1;
  $("page-info").textContent = `Page ${fmt.format(state.page + 1)} of ${fmt.format(pages)}`;
  $("page-prev").disabled = state.page === 0;
  $("page-next").disabled = state.page + 1 >= pages;
  highlightPlaying();
}

async function render() {
  $("notice").hidden = true;
  $("videos-only").checked = state.videosOnly;
  $("shuffle").setAttribute("aria-pressed", String(state.shuffle));
  renderChips();
  let status;
  try {
    status = await api("/api/status");
  } catch (e) {
    showNotice("The Platter server cannot be reached: " + e.message);
    return;
  }
  if (!status.index) {
    showNotice(status.problem || "There is no tag index yet.", "setup");
    $("facets").replaceChildren();
    $("works").replaceChildren();
    $("count").textContent = "";
    $("player-box").hidden = true;
    document.querySelector(".summary .toggle").hidden = true;
    return;
  }
  document.querySelector(".summary .toggle").hidden = false;
  if (status.index.stale) showNotice("Masters or releases were imported after the tag index was built; it is rebuilt by itself after an import, or run: platter index", "warn");

  const included = state.tags.filter((t) => !t.startsWith("-"));
  $("intro").hidden = included.length > 0;
  document.querySelector(".layout").classList.toggle("start", included.length === 0);
  if (!included.length) {
    $("count").textContent = `${fmt.format(status.index.works)} works, ${fmt.format(status.index.videos)} videos in the catalog`;
    $("works").replaceChildren();
    $("pager").hidden = true;
    $("player-box").hidden = true;
    document.title = "Platter · music videos by tag";
    try {
      renderFacets(await api("/api/facets?" + queryString({ facets: 20 })), status.index.works);
    } catch (e) {
      showNotice(e.message, "error", e.suggestions);
    }
    return;
  }

  let result;
  try {
    result = await api("/api/works?" + queryString({ offset: state.page * PAGE, limit: PAGE, facets: 20 }));
  } catch (e) {
    showNotice(e.message, "error", e.suggestions);
    $("count").textContent = "";
    $("works").replaceChildren();
    $("facets").replaceChildren();
    return;
  }
  lastResult = result;
  $("count").textContent = `${fmt.format(result.works)} ${result.works === 1 ? "work" : "works"}, ${fmt.format(result.videos)} ${result.videos === 1 ? "video" : "videos"}`;
  document.title = `${state.tags.map((t) => displayName(splitToken(t).name)).join(" + ")} · Platter`;
  renderFacets(result.facets, result.works);
  renderWorks(result);
  $("m3u").href = "/api/playlist.m3u?" + queryString();
  $("json").href = "/api/playlist.json?" + queryString();
  const key = queryString();
  if (result.videos > 0 && play.key !== key) startPlaylist(0, key);
  $("player-box").hidden = result.videos === 0;
}

// ---- the playlist and the player ------------------------------------------------------

async function loadMore() {
  if (play.next === null || play.loading) return play.loading;
  const key = play.key;
  play.loading = api("/api/videos?" + queryString({ offset: play.next, limit: 200 })).then((page) => {
    if (key !== play.key) return;
    play.list.push(...page.videos);
    play.next = page.nextOffset;
    renderYoutubeLinks();
  }).finally(() => { play.loading = null; });
  return play.loading;
}

function renderYoutubeLinks() {
  const box = $("youtube-links");
  box.replaceChildren();
  const ids = play.list.map((v) => v.youtubeId).filter((id) => !skipped.has(id));
  for (let i = 0; i < ids.length && i < 500; i += 50) {
    const chunk = ids.slice(i, i + 50);
    box.append(el("a", { href: "https://www.youtube.com/watch_videos?video_ids=" + chunk.map(encodeURIComponent).join(","), target: "_blank", rel: "noopener noreferrer",
      text: ids.length <= 50 ? "Open on YouTube" : `YouTube ${i + 1}–${i + chunk.length}` }), " ");
  }
}

async function startPlaylist(workIndex, key = queryString()) {
  play.key = key;
  play.list = [];
  play.pos = -1;
  play.next = workIndex;
  play.loading = null;
  await loadMore();
  await move(+1);
}

async function move(step) {
  let pos = play.pos;
  for (let guard = 0; guard < 10000; guard++) {
    pos += step;
    if (pos < 0) return;
    if (pos >= play.list.length - 3 && play.next !== null) await loadMore();
    if (pos >= play.list.length) { updateNow(); return; }
    if (!skipped.has(play.list[pos].youtubeId)) break;
  }
  play.pos = pos;
  const video = play.list[pos];
  $("player-box").dataset.videoId = video.youtubeId;
  updateNow();
  ensurePlayer(video.youtubeId);
}

function updateNow() {
  const video = play.list[play.pos];
  if (!video) return;
  $("now-title").textContent = video.title || video.youtubeId;
  $("now-work").textContent = [video.work.artists, video.work.title, video.work.year].filter(Boolean).join(" — ");
  $("position").textContent = `· ${fmt.format(play.pos + 1)} of ${fmt.format(play.list.length)}${play.next !== null ? "+" : ""}`;
  $("prev").disabled = play.pos <= 0;
  $("next").disabled = play.pos >= play.list.length - 1 && play.next === null;
  highlightPlaying();
}

function highlightPlaying() {
  const video = play.list[play.pos];
  for (const li of document.querySelectorAll("#works li.work")) {
    li.classList.toggle("playing", !!video && Number(li.dataset.ordinal) === video.work.ordinal);
  }
}

function ensurePlayer(videoId) {
  if (play.player && play.ready) {
    play.player.loadVideoById(videoId);
    return;
  }
  play.pending = videoId;
  if (window.YT && window.YT.Player) { createPlayer(); return; }
  if (document.getElementById("yt-api")) return;
  window.onYouTubeIframeAPIReady = createPlayer;
  const script = document.createElement("script");
  script.id = "yt-api";
  script.src = $("app-script").dataset.youtubeApi;
  script.onerror = () => showNotice("The YouTube player could not be loaded. Is this machine online? The M3U and JSON downloads still work.", "warn");
  document.head.append(script);
}

function createPlayer() {
  if (play.player) return;
  play.player = new window.YT.Player("player", {
    videoId: play.pending,
    playerVars: { autoplay: 1, playsinline: 1, rel: 0, origin: location.origin },
    events: {
      onReady: () => { play.ready = true; if (play.pending !== play.list[play.pos]?.youtubeId) play.player.loadVideoById(play.list[play.pos].youtubeId); },
      onStateChange: (e) => { if (e.data === 0) move(+1); },
      onError: (e) => {
        if (!SKIP_CODES.has(Number(e.data))) return;
        const video = play.list[play.pos];
        if (video) {
          skipped.add(video.youtubeId);
          localStorage.setItem("platter.skipped", JSON.stringify([...skipped].slice(-5000)));
          const note = $("skipped");
          note.hidden = false;
          note.textContent = `Skipped ${fmt.format(skipped.size)} ${skipped.size === 1 ? "video" : "videos"} YouTube would not play here (removed or not embeddable), the last: “${video.title || video.youtubeId}”.`;
        }
        move(+1);
      },
    },
  });
}

// ---- autocomplete --------------------------------------------------------------------

const search = { timer: 0, items: [], active: -1, seq: 0 };

function closeSuggestions() {
  $("suggestions").hidden = true;
  $("search").setAttribute("aria-expanded", "false");
  search.items = [];
  search.active = -1;
}

async function suggest() {
  const input = $("search");
  let text = input.value;
  const negated = text.startsWith("-");
  if (negated) text = text.slice(1);
  if (!text.trim()) { closeSuggestions(); return; }
  const seq = ++search.seq;
  let items;
  try {
    items = await api("/api/suggest?" + new URLSearchParams({ q: text, limit: 10 }));
  } catch (e) {
    items = [];
  }
  if (seq !== search.seq) return;
  const list = $("suggestions");
  list.replaceChildren();
  search.items = items.map((t) => ({ ...t, token: (negated ? "-" : "") + t.token }));
  search.active = search.items.length ? 0 : -1;
  search.items.forEach((t, i) => {
    list.append(el("li", { role: "option", id: "sugg-" + i, class: i === 0 ? "active" : "", "data-token": t.token, onmousedown: (e) => { e.preventDefault(); choose(i); } },
      el("span", { class: "kind", text: KIND_LABEL[t.kind] || t.kind }),
      el("span", { class: "sname", text: (negated ? "not " : "") + t.name }),
      el("span", { class: "scount", text: `${fmt.format(t.works)} works · ${fmt.format(t.videos || 0)} videos` })));
  });
  if (!search.items.length) list.append(el("li", { class: "empty", text: `No tag starts with “${text}”.` }));
  list.hidden = false;
  input.setAttribute("aria-expanded", "true");
}

function choose(i) {
  const item = search.items[i];
  if (!item) return;
  $("search").value = "";
  closeSuggestions();
  addTag(item.token);
}

function moveActive(step) {
  if (!search.items.length) return;
  search.active = (search.active + step + search.items.length) % search.items.length;
  [...$("suggestions").children].forEach((li, i) => li.classList.toggle("active", i === search.active));
  $("search").setAttribute("aria-activedescendant", "sugg-" + search.active);
}

// ---- wiring --------------------------------------------------------------------------

function wire() {
  const input = $("search");
  input.addEventListener("input", () => { clearTimeout(search.timer); search.timer = setTimeout(suggest, 120); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); moveActive(+1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); moveActive(-1); }
    else if (e.key === "Escape") closeSuggestions();
    else if (e.key === "Enter") {
      e.preventDefault();
      if (search.active >= 0) choose(search.active);
      else if (input.value.includes(":")) { const t = input.value.trim(); input.value = ""; closeSuggestions(); addTag(t); }
    }
  });
  input.addEventListener("blur", () => setTimeout(closeSuggestions, 100));
  $("videos-only").addEventListener("change", (e) => { state.videosOnly = e.target.checked; state.page = 0; go(); });
  $("shuffle").addEventListener("click", () => {
    state.shuffle = !state.shuffle;
    state.seed = state.shuffle ? Math.floor(Math.random() * 1e9) : 0;
    state.page = 0;
    go();
  });
  $("next").addEventListener("click", () => move(+1));
  $("prev").addEventListener("click", () => move(-1));
  $("page-prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); go(); window.scrollTo({ top: 0 }); });
  $("page-next").addEventListener("click", () => { state.page += 1; go(); window.scrollTo({ top: 0 }); });
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === "j") move(+1);
    if (e.key === "k") move(-1);
    if (e.key === "/") { e.preventDefault(); input.focus(); }
  });
  window.addEventListener("popstate", () => { readAddress(); render(); });
}

readAddress();
wire();
render();
