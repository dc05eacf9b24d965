// Small helpers the collection's pages share. Text from Discogs goes in as text, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat("en");

/** An element with attributes, text (props.text), listeners (props.onclick…) and children. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) node.append(c);
  return node;
}

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
