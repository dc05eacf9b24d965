// What the network and discover pages add to site.js (notices from ProblemDetails, JSON). Text from Discogs goes in as text, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);
const { el, fmt } = Site;

/** Shows a notice (as the collection's pages do); the server's advice names commands in backticks, shown as code to copy. */
function notice(kind, title, detail, link = null) {
  Site.showProblem($("notice"), { title, detail }, kind, link);
}

/** GETs JSON from the API; on an error, shows the ProblemDetails as a notice and returns null. */
async function getJson(path, failTitle) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    // A 404 here is always something not stored yet (no database, collection, user or derivation): Settings syncs it.
    const setup = response.status === 404;
    notice(setup ? "setup" : "error", (body && body.title) || failTitle, (body && body.detail) || `The server answered ${response.status}.`, setup ? Site.setupLink : null);
    document.body.dataset.state = "empty";
    return null;
  }
  return body;
}
