// Shared by the collection's pages: the address's ?user=, the JSON API with its ProblemDetails,
// and building elements. Everything from Discogs goes in as text (textContent), never as markup.
"use strict";

const Site = (() => {
  const fmt = new Intl.NumberFormat("en");
  const user = new URLSearchParams(location.search).get("user") || "";

  /** The address with this page's ?user= carried over. */
  function withUser(path) {
    if (!user) return path;
    const url = new URL(path, location.origin);
    url.searchParams.set("user", user);
    return url.pathname + url.search;
  }

  /** An element with attributes ({ class, href, text, title, … }), listeners (onclick: fn …) and children (nodes or strings, as text). */
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = String(v);
      else if (k === "class") e.className = v;
      else if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  async function api(path) {
    const response = await fetch(withUser(path), { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const e = new Error((body && body.detail) || `The server answered ${response.status}.`);
      e.problem = body || { title: `Error ${response.status}`, detail: e.message };
      throw e;
    }
    return body;
  }

  /** A notice box for a problem; `commands` in its text become code. */
  function showProblem(box, problem, kind = "error", link = null) {
    box.replaceChildren();
    box.className = "notice " + kind;
    box.append(el("p", {}, el("strong", { text: problem.title || "Something went wrong" })));
    const p = el("p");
    String(problem.detail || "").split("`").forEach((part, i) => p.append(i % 2 ? el("code", { text: part }) : document.createTextNode(part)));
    box.append(p);
    if (link) box.append(el("p", {}, el("a", { href: withUser(link.href), text: link.text })));
    box.hidden = false;
  }

  // Nothing to show yet: the way to fix that is the Settings page's sign-in and sync.
  const setupLink = { href: "/config", text: "Sign in and sync on the Settings page →" };

  function artistLink(id, name, known = true) {
    return id && known ? el("a", { href: withUser("/artist/" + id), text: name }) : el("span", { text: name });
  }

  function releaseLink(id, title) {
    return el("a", { href: withUser("/release/" + id), text: title || "Release " + id });
  }

  const KIND = { group: ["Band", "A group: Discogs lists its members"], person: ["Person", "A person: Discogs gives a real name or groups"], unknown: ["?", "Band or person: Discogs does not say"] };

  /** The band/person mark: a word, not only a colour. */
  function kindMark(kind) {
    const [word, title] = KIND[kind] || KIND.unknown;
    return el("span", { class: "mark " + (KIND[kind] ? kind : "unknown"), title, text: word });
  }

  /** An artist's picture (only from Discogs' image host, which the page's policy allows), else their initials. */
  function thumb(url, name, size = "") {
    const initials = () => el("span", { class: "thumb initials " + size, "aria-hidden": "true", text: (name || "?").replace(/[^\p{L}\p{N} ]/gu, "").split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]).join("").toUpperCase() || "?" });
    if (!url || !url.startsWith("https://i.discogs.com/")) return initials();
    const img = el("img", { class: "thumb " + size, src: url, alt: "", loading: "lazy" });
    img.addEventListener("error", () => img.replaceWith(initials()));
    return img;
  }

  function date(text) {
    if (!text) return "";
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? text : d.toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
  }

  /** Loads a page's data from the API and renders it into the element `content`, or shows the problem. */
  async function load(path, render, content) {
    try {
      render(await api(path));
      document.getElementById(content).hidden = false;
    } catch (e) {
      const problem = e.problem || { title: "The page's data could not be read", detail: e.message };
      const setup = problem.code === "no-collection" || problem.code === "not-derived";
      const back = setup ? setupLink
        : location.pathname === "/collection" ? null : { href: "/collection", text: "← Back to the collection" };
      showProblem(document.getElementById("notice"), problem, setup ? "setup" : "error", back);
    } finally {
      document.getElementById("loading").hidden = true;
    }
  }

  // The navigation marks this page's section and keeps the user being looked at.
  document.addEventListener("DOMContentLoaded", () => {
    for (const a of document.querySelectorAll("nav.nav a")) {
      if (a.getAttribute("href") === "/" + document.body.dataset.section) a.setAttribute("aria-current", "page");
      if (a.hasAttribute("data-keep-user")) a.href = withUser(a.getAttribute("href"));
    }
  });

  return { fmt, user, withUser, el, api, load, showProblem, setupLink, artistLink, releaseLink, kindMark, thumb, date };
})();
