// What the network and discover pages add to site.js (notices from ProblemDetails, JSON). Text from Discogs goes in as text, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);
const { el, fmt } = Site;

/** Shows a notice; the server's advice names commands in backticks, shown as code to copy. */
function notice(kind, title, detail) {
  const box = $("notice");
  box.className = "notice " + kind;
  box.replaceChildren(el("p", {}, el("strong", { text: title })));
  const p = el("p");
  (detail || "").split("`").forEach((part, i) => p.append(i % 2 ? el("code", { text: part }) : document.createTextNode(part)));
  box.append(p);
  box.hidden = false;
}

/** GETs JSON from the API; on an error, shows the ProblemDetails as a notice and returns null. */
async function getJson(path, failTitle) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    notice(response.status === 404 ? "setup" : "error", (body && body.title) || failTitle, (body && body.detail) || `The server answered ${response.status}.`);
    document.body.dataset.state = "empty";
    return null;
  }
  return body;
}
