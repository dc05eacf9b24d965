// The /config page: the Discogs sign-in's status and forms, and the collection sync with live progress.
// Every text from the server goes in through textContent; the page has no inline script or style.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  let csrf = null;

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function show(id, visible) { $(id).hidden = !visible; }

  // The server words its messages as the CLI does, commands between backticks: show those as
  // code. Every part goes in as text, never as markup.
  function setText(id, text) {
    const box = $(id);
    box.replaceChildren();
    String(text || '').split('`').forEach((part, i) => {
      if (!part) return;
      if (i % 2) {
        const code = document.createElement('code');
        code.textContent = part;
        box.append(code);
      } else {
        box.append(document.createTextNode(part));
      }
    });
    box.hidden = !text;
  }

  async function loadToken() {
    const r = await fetch('/api/antiforgery', { cache: 'no-store' });
    if (!r.ok) throw new Error('The page could not get its anti-forgery token (HTTP ' + r.status + '). Reload the page.');
    csrf = await r.json();
    for (const input of document.querySelectorAll('input.csrf')) {
      input.name = csrf.field;
      input.value = csrf.token;
    }
  }

  function renderStatus(s) {
    const status = $('signin-status');
    status.replaceChildren();
    if (s.signedIn) {
      status.append('Signed in to Discogs as ', el('span', s.username, 'user'), ' ', el('span', '(' + s.kind + ')', 'kind-note'), '.');
    } else {
      status.append('Not signed in to Discogs.');
    }
    status.dataset.user = s.signedIn ? s.username : '';
    setText('signin-problem', s.problem);
    const stored = s.signedIn || s.username || s.problem;
    show('signout-form', !!stored);
    show('oauth-form', s.canOAuth);
    $('allow').textContent = s.signedIn ? 'Sign in again with Discogs' : 'Allow Discogs access';
    show('setup', !s.canOAuth);
    if (s.setup.configFile) $('config-file').textContent = s.setup.configFile;
    if (s.setup.secretsFile) $('secrets-file').textContent = s.setup.secretsFile;
    $('token-box').open = !s.canOAuth && !s.signedIn;
    $('sync-start').dataset.stored = stored ? 'yes' : 'no'; // a stored sign-in, even one Discogs refuses: the sync then says why
    syncButton();
  }

  // A sync needs the sign-in (the server refuses without it): the button says so before it is pressed.
  function syncButton() {
    const b = $('sync-start');
    const running = document.body.dataset.sync === 'running';
    b.disabled = running || !csrf || b.dataset.stored !== 'yes';
    b.title = b.dataset.stored === 'no' ? 'Sign in with Discogs above first' : '';
    setText('sync-signin', b.dataset.stored === 'no' && !running ? 'Sign in above first.' : null);
  }

  async function loadStatus() {
    const r = await fetch('/api/signin', { cache: 'no-store' });
    if (!r.ok) throw new Error('The sign-in status could not be read (HTTP ' + r.status + ').');
    renderStatus(await r.json());
  }

  function n(x) { return Number(x).toLocaleString('en'); }

  function renderSync(s) {
    const running = s.status === 'running';
    $('sync-start').textContent = running ? 'Syncing…' : 'Sync collection';
    const when = s.finishedAt ? new Date(s.finishedAt).toLocaleTimeString() : '';
    $('sync-status').textContent =
      running ? 'Sync running' : s.status === 'done' ? 'Last sync finished at ' + when : s.status === 'failed' ? 'Last sync stopped at ' + when : '';
    document.body.dataset.sync = s.status;
    syncButton();
    // A sync that failed before its first step has no figures to show, only the error.
    show('sync-progress', s.status === 'running' || (s.status !== 'idle' && !!s.step));
    const bar = $('sync-bar');
    const total = s.calls + s.callsLeft;
    bar.max = Math.max(1, total);
    bar.value = s.status === 'done' ? bar.max : s.calls;
    $('sync-step').textContent = s.status === 'done' ? 'finished' : s.status === 'failed' ? 'stopped at ' + (s.step || 'signing in') : s.step || 'signing in';
    $('sync-done').textContent = s.status === 'done' ? n(s.items) + ' items' : s.total ? n(s.done) + ' of ' + n(s.total) : '–';
    $('sync-calls').textContent = n(s.calls);
    $('sync-left').textContent = n(s.callsLeft);
    $('sync-rate').textContent = s.rateLimit ? n(s.rateLimitLeft) + ' of ' + n(s.rateLimit) : '–';
    $('sync-time').textContent = s.minutesLeft ? 'about ' + n(s.minutesLeft) + ' min' : s.status === 'running' ? 'under 1 min' : '–';
    $('sync-line').textContent = s.line || '';
    setText('sync-error', s.status === 'failed' ? s.error : null);
    const lines = $('sync-report-lines');
    lines.replaceChildren(...(s.report || []).map((line) => el('li', line)));
    show('sync-report', s.status === 'done' && !!s.report);
  }

  function watchSync() {
    const events = new EventSource('/api/collection/sync/events');
    events.addEventListener('state', (e) => {
      const s = JSON.parse(e.data);
      renderSync(s);
      document.body.dataset.syncEvents = String(Number(document.body.dataset.syncEvents || 0) + 1);
    });
  }

  async function startSync() {
    setText('sync-message', null);
    $('sync-start').disabled = true;
    const headers = {};
    headers[csrf.header] = csrf.token;
    const r = await fetch('/api/collection/sync', { method: 'POST', headers });
    if (!r.ok) {
      let detail = 'HTTP ' + r.status;
      try { detail = (await r.json()).detail || detail; } catch { /* not JSON: keep the status */ }
      setText('sync-message', detail);
      syncButton();
    }
  }

  function enableForms() {
    for (const id of ['allow', 'signout', 'use-token']) $(id).disabled = false;
    syncButton();
  }

  $('sync-start').addEventListener('click', () => { startSync().catch((e) => setText('sync-message', e.message)); });

  watchSync();
  loadToken()
    .then(enableForms)
    .catch((e) => setText('signin-problem', e.message));
  loadStatus().catch((e) => setText('signin-problem', e.message));
})();
