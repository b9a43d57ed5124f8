// The admin console's page, style sheet and script (served at /admin, /admin/app.css,
// /admin/app.js). Plain HTML/CSS/JS embedded as raw string literals: no build step, no external
// resources, so the page works without network access. The script talks to /admin/api/ (admin.h).
#include <string_view>

#include "api/admin.h"

namespace sqlacc::api {
namespace {

constexpr std::string_view kHtml = R"SQLACC(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SQL Account API Service · Admin</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/app.css">
<script src="/admin/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
  <div class="brand">SQL Account <span>API Service · Admin</span></div>
  <div id="whoami" class="who" hidden>
    <span id="who-text"></span>
    <button id="logout-btn" class="btn btn-ghost" type="button">Log out</button>
  </div>
</header>
<div id="status" class="toast" role="status" aria-live="polite"></div>
<main id="main" tabindex="-1">
  <section id="login-view" aria-labelledby="login-title" hidden>
    <form id="login-form" class="card narrow" novalidate>
      <h1 id="login-title" tabindex="-1">Log in</h1>
      <p class="muted">Log in with a user name and password. Users holding an API secret key sign
        their requests instead and cannot log in here.</p>
      <div class="field">
        <label for="login-user">User name</label>
        <input id="login-user" name="username" autocomplete="username" autocapitalize="characters"
               required>
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password">
      </div>
      <div class="field">
        <label for="login-company">Company <span class="muted">(optional)</span></label>
        <input id="login-company" name="company" autocomplete="organization">
      </div>
      <p id="login-error" class="error" role="alert" hidden></p>
      <button class="btn btn-primary" type="submit">Log in</button>
    </form>
  </section>

  <section id="users-view" aria-labelledby="users-title" hidden>
    <div class="toolbar">
      <h1 id="users-title" tabindex="-1">Maintain User</h1>
      <button id="new-user-btn" class="btn btn-primary" type="button">New user</button>
    </div>
    <div class="layout">
      <div class="card table-card">
        <table class="grid">
          <caption class="sr-only">Users of this company</caption>
          <thead>
            <tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Password</th>
              <th scope="col">API key</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
          </thead>
          <tbody id="user-rows"></tbody>
        </table>
      </div>
      <div class="stack">
        <form id="new-user-form" class="card" aria-labelledby="new-user-title" novalidate hidden>
          <h2 id="new-user-title" tabindex="-1">New user</h2>
          <div class="field">
            <label for="new-code">Code</label>
            <input id="new-code" name="code" maxlength="20" autocapitalize="characters" required
                   aria-describedby="new-code-help">
            <small id="new-code-help" class="muted">Letters, digits, - and _; up to 20.</small>
          </div>
          <div class="field">
            <label for="new-name">Name</label>
            <input id="new-name" name="name" maxlength="100">
          </div>
          <div class="field">
            <label for="new-password">Password <span class="muted">(optional)</span></label>
            <input id="new-password" name="password" type="password" autocomplete="new-password"
                   aria-describedby="new-password-help">
            <small id="new-password-help" class="muted">Leave empty for a user that will only use an
              API secret key.</small>
          </div>
          <p id="new-user-error" class="error" role="alert" hidden></p>
          <div class="actions">
            <button class="btn btn-primary" type="submit">Save</button>
            <button id="new-user-cancel" class="btn" type="button">Cancel</button>
          </div>
        </form>

        <div id="user-detail" class="stack" hidden>
          <section class="card" aria-labelledby="detail-title">
            <h2 id="detail-title" tabindex="-1">User <span id="detail-code"></span></h2>
            <form id="name-form" class="inline-form" novalidate>
              <div class="field grow">
                <label for="edit-name">Name</label>
                <input id="edit-name" name="name" maxlength="100" required>
              </div>
              <button class="btn" type="submit">Save name</button>
            </form>
            <form id="password-form" class="inline-form" novalidate>
              <div class="field grow">
                <label for="reset-password">New password</label>
                <input id="reset-password" name="password" type="password"
                       autocomplete="new-password" required>
              </div>
              <button class="btn" type="submit">Reset password</button>
            </form>
            <p id="detail-error" class="error" role="alert" hidden></p>
            <div class="actions">
              <button id="delete-user-btn" class="btn btn-danger" type="button">Delete user</button>
            </div>
          </section>

          <section class="card" aria-labelledby="key-title">
            <h2 id="key-title">API Secret Key</h2>
            <p id="key-status" class="key-status"></p>
            <div id="new-keys" class="keys-once" hidden>
              <p class="warning"><strong>Copy both keys now.</strong> The Secret Key will not be shown
                again. While the key is active this user can no longer log in with a password.</p>
              <div class="field">
                <label for="new-access-key">Access Key</label>
                <div class="copyrow">
                  <input id="new-access-key" readonly spellcheck="false">
                  <button class="btn" type="button" data-copy="new-access-key"
                          aria-label="Copy Access Key">Copy</button>
                </div>
              </div>
              <div class="field">
                <label for="new-secret-key">Secret Key</label>
                <div class="copyrow">
                  <input id="new-secret-key" readonly spellcheck="false">
                  <button class="btn" type="button" data-copy="new-secret-key"
                          aria-label="Copy Secret Key">Copy</button>
                </div>
              </div>
            </div>
            <p id="key-error" class="error" role="alert" hidden></p>
            <div class="actions">
              <button id="generate-btn" class="btn btn-primary" type="button">Generate</button>
              <button id="revoke-btn" class="btn btn-danger" type="button">Revoke</button>
              <button id="test-btn" class="btn" type="button">Test Connection</button>
              <button id="curl-btn" class="btn" type="button">Copy cURL</button>
              <a id="postman-link" class="btn" href="/admin/api/postman_collection.json"
                 download="postman_collection.json">Download Postman Collection</a>
            </div>
            <div id="curl-box" class="field" hidden>
              <label for="curl-command">cURL command</label>
              <textarea id="curl-command" rows="3" readonly spellcheck="false"></textarea>
              <small id="curl-note" class="muted"></small>
            </div>
            <div id="test-result" class="test-result" hidden>
              <h3>Test Connection</h3>
              <p id="test-summary"></p>
              <pre id="test-body"></pre>
            </div>
          </section>
        </div>

        <div id="empty-detail" class="card muted">Select a user to edit it or to manage its API
          secret key.</div>
      </div>
    </div>
  </section>
</main>
</body>
</html>
)SQLACC";

constexpr std::string_view kCss = R"SQLACC(:root {
  --bg: #f3f5f8; --card: #fff; --ink: #1d2733; --muted: #5b6878; --line: #d5dbe3;
  --primary: #1f5fa8; --primary-ink: #fff; --danger: #b3261e; --ok: #1e7b34;
  --warn-bg: #fff6db; --warn-line: #e0b400; --focus: #f59e0b;
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--ink); background: var(--bg); }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.topbar { display: flex; align-items: center; justify-content: space-between; gap: 16px;
  background: #17324f; color: #fff; padding: 10px 24px; }
.brand { font-weight: 700; font-size: 16px; letter-spacing: .2px; }
.brand span { font-weight: 400; opacity: .8; margin-left: 6px; }
.who { display: flex; align-items: center; gap: 12px; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; outline: none; }
h1 { font-size: 20px; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
h1:focus, h2:focus { outline: none; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 16px;
  box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.narrow { max-width: 380px; margin: 40px auto; }
.muted { color: var(--muted); }
.toolbar { display: flex; align-items: center; justify-content: space-between; margin-bottom: 12px; }
.toolbar h1 { margin: 0; }
.layout { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 16px;
  align-items: start; }
@media (max-width: 860px) { .layout { grid-template-columns: 1fr; } }
.stack { display: flex; flex-direction: column; gap: 16px; }
.table-card { padding: 0; overflow-x: auto; }
table.grid { width: 100%; border-collapse: collapse; }
.grid th, .grid td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); }
.grid th { background: #eef2f7; font-weight: 600; font-size: 13px; }
.grid tr.selected td { background: #e6f0fb; }
.grid td.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  background: #eef2f7; color: var(--muted); }
.badge.on { background: #e3f3e7; color: var(--ok); }
.field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
.field.grow { flex: 1; margin-bottom: 0; }
label { font-weight: 600; font-size: 13px; }
input, textarea { font: inherit; padding: 7px 9px; border: 1px solid #aab4c0; border-radius: 4px;
  background: #fff; color: var(--ink); width: 100%; }
input[readonly], textarea[readonly] { background: #f7f9fb;
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
textarea { resize: vertical; }
.inline-form { display: flex; align-items: flex-end; gap: 8px; margin-bottom: 12px; }
.copyrow { display: flex; gap: 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.btn { font: inherit; display: inline-flex; align-items: center; padding: 7px 14px;
  border-radius: 4px; border: 1px solid #aab4c0; background: #fff; color: var(--ink);
  cursor: pointer; text-decoration: none; white-space: nowrap; }
.btn:hover { background: #f0f3f7; }
.btn:disabled { opacity: .5; cursor: not-allowed; }
.btn-primary { background: var(--primary); border-color: var(--primary); color: var(--primary-ink); }
.btn-primary:hover { background: #184d89; }
.btn-danger { color: var(--danger); border-color: #d9a19d; }
.btn-danger:hover { background: #fbeceb; }
.btn-ghost { background: transparent; color: #fff; border-color: rgba(255,255,255,.5); }
.btn-ghost:hover { background: rgba(255,255,255,.12); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.error { color: var(--danger); font-weight: 600; margin: 8px 0; }
.warning { background: var(--warn-bg); border-left: 4px solid var(--warn-line); padding: 8px 12px;
  margin: 0 0 12px; }
.keys-once { border: 1px dashed var(--warn-line); border-radius: 6px; padding: 12px;
  margin-bottom: 8px; }
.key-status code { font-size: 12.5px; word-break: break-all; }
.test-result pre { background: #0f1b2a; color: #d7e3f1; padding: 10px; border-radius: 4px;
  white-space: pre-wrap; word-break: break-all; max-height: 180px; overflow: auto; font-size: 12px; }
.test-result .ok { color: var(--ok); font-weight: 700; }
.test-result .bad { color: var(--danger); font-weight: 700; }
.toast { position: fixed; right: 20px; bottom: 20px; background: #17324f; color: #fff;
  padding: 10px 16px; border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.2); opacity: 0;
  transition: opacity .2s; pointer-events: none; max-width: 420px; }
.toast.show { opacity: 1; }
[hidden] { display: none !important; }
)SQLACC";

constexpr std::string_view kJs = R"SQLACC('use strict';
// The admin console: talks to /admin/api/ with the session cookie; every state-changing call sends
// the session's CSRF token in X-CSRF-Token. The secret key lives only in this page's memory, right
// after Generate.
(() => {
  const $ = (id) => document.getElementById(id);
  let csrf = '';
  let me = null;        // {user, company, companyname}
  let users = [];
  let current = null;   // the user shown in the detail panel
  let fresh = null;     // {user, access_key, secret_key, curl}: right after Generate only
  let statusTimer = 0;

  class ApiError extends Error {
    constructor(status, message, code) { super(message); this.status = status; this.code = code; }
  }

  async function api(method, path, body) {
    const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(path, opts);
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (!r.ok) {
      const msg = (data && data.message) || ('HTTP ' + r.status);
      if (r.status === 401 && me && path !== '/admin/login') {
        showLogin('Your session has ended. Please log in again.');
      }
      throw new ApiError(r.status, msg, data && data.code);
    }
    return data;
  }

  function announce(text) {
    const s = $('status');
    s.textContent = text;
    s.classList.add('show');
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => s.classList.remove('show'), 4000);
  }

  function showError(id, err) {
    const el = $(id);
    if (!err) { el.hidden = true; el.textContent = ''; return; }
    el.textContent = err.message || String(err);
    el.hidden = false;
  }

  function when(sec) { return sec ? new Date(sec * 1000).toLocaleString() : ''; }

  // --- views ------------------------------------------------------------------------------------
  function showLogin(message) {
    me = null; csrf = ''; current = null; fresh = null;
    $('users-view').hidden = true;
    $('whoami').hidden = true;
    $('login-view').hidden = false;
    showError('login-error', message ? { message } : null);
    $('login-password').value = '';
    $('login-user').focus();
  }

  async function showUsers() {
    $('login-view').hidden = true;
    $('users-view').hidden = false;
    $('whoami').hidden = false;
    $('who-text').textContent = me.user + ' · ' + (me.companyname || me.company);
    await loadUsers();
  }

  async function loadUsers() {
    const d = await api('GET', '/admin/api/users');
    users = d.data;
    renderUsers();
  }

  function renderUsers() {
    const body = $('user-rows');
    body.replaceChildren();
    for (const u of users) {
      const tr = document.createElement('tr');
      tr.dataset.code = u.code;
      if (current && current.code === u.code) tr.classList.add('selected');
      const code = document.createElement('td');
      code.className = 'code';
      code.textContent = u.code;
      const name = document.createElement('td');
      name.textContent = u.name;
      const pw = document.createElement('td');
      pw.textContent = u.has_password ? 'Set' : '—';
      const key = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = 'badge' + (u.has_api_key ? ' on' : '');
      badge.textContent = u.has_api_key ? 'Active' : 'None';
      key.append(badge);
      const act = document.createElement('td');
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'btn';
      open.textContent = 'Open';
      open.setAttribute('aria-label', 'Open user ' + u.code);
      open.addEventListener('click', () => openUser(u.code, true));
      act.append(open);
      tr.append(code, name, pw, key, act);
      body.append(tr);
    }
  }

  async function openUser(code, focus) {
    const d = await api('GET', '/admin/api/users/' + encodeURIComponent(code));
    current = d.data[0];
    if (fresh && fresh.user !== current.code) fresh = null;
    $('new-user-form').hidden = true;
    $('empty-detail').hidden = true;
    $('user-detail').hidden = false;
    $('detail-code').textContent = current.code;
    $('edit-name').value = current.name;
    $('reset-password').value = '';
    showError('detail-error', null);
    showError('key-error', null);
    $('test-result').hidden = true;
    $('curl-box').hidden = true;
    renderUsers();
    await loadKey();
    if (focus) $('detail-title').focus();
  }

  async function loadKey() {
    const d = await api('GET', '/admin/api/users/' + encodeURIComponent(current.code) + '/apikey');
    const k = d.data[0];
    current.key = k;
    const st = $('key-status');
    st.replaceChildren();
    if (k.active) {
      st.append('Active key ');
      const c = document.createElement('code');
      c.textContent = k.access_key;
      st.append(c, ', generated ' + when(k.created_at) + ' by ' + k.created_by + '.');
    } else {
      st.append('No API secret key. Generate one to let this user sign API requests.');
    }
    const showFresh = fresh && fresh.user === current.code && k.active &&
                      fresh.access_key === k.access_key;
    $('new-keys').hidden = !showFresh;
    if (showFresh) {
      $('new-access-key').value = fresh.access_key;
      $('new-secret-key').value = fresh.secret_key;
    } else {
      $('new-access-key').value = '';
      $('new-secret-key').value = '';
    }
    $('generate-btn').textContent = k.active ? 'Generate new key' : 'Generate';
    $('revoke-btn').disabled = !k.active;
    $('test-btn').disabled = !k.active;
    $('curl-btn').disabled = !k.active;
  }

  // --- clipboard --------------------------------------------------------------------------------
  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const t = document.createElement('textarea');
      t.value = text;
      t.setAttribute('readonly', '');
      t.style.position = 'fixed';
      t.style.opacity = '0';
      document.body.append(t);
      t.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      t.remove();
      return ok;
    }
  }

  // --- event handlers ---------------------------------------------------------------------------
  async function onLogin(ev) {
    ev.preventDefault();
    showError('login-error', null);
    const body = { username: $('login-user').value.trim(), password: $('login-password').value };
    const company = $('login-company').value.trim();
    if (company) body.company = company;
    if (!body.username) { showError('login-error', { message: 'Enter a user name.' }); return; }
    try {
      const d = await api('POST', '/admin/login', body);
      me = d.data[0];
      csrf = me.csrf_token;
      const s = await api('GET', '/admin/api/session');
      me = s.data[0];
      csrf = me.csrf_token;
      $('login-password').value = '';
      await showUsers();
      $('users-title').focus();
    } catch (e) {
      $('login-password').value = '';
      showError('login-error', e);
    }
  }

  async function onLogout() {
    try { await api('POST', '/admin/api/logout'); } catch (e) { /* ended already */ }
    showLogin(null);
    announce('Logged out.');
  }

  function onNewUser() {
    current = null;
    renderUsers();
    $('user-detail').hidden = true;
    $('empty-detail').hidden = true;
    $('new-user-form').hidden = false;
    $('new-user-form').reset();
    showError('new-user-error', null);
    $('new-code').focus();
  }

  async function onCreateUser(ev) {
    ev.preventDefault();
    showError('new-user-error', null);
    const body = { code: $('new-code').value.trim(), name: $('new-name').value.trim() };
    const pw = $('new-password').value;
    if (pw) body.password = pw;
    if (!body.code) { showError('new-user-error', { message: 'Enter a code.' }); return; }
    try {
      const d = await api('POST', '/admin/api/users', body);
      $('new-user-form').reset();
      await loadUsers();
      announce('User ' + d.data[0].code + ' created.');
      await openUser(d.data[0].code, true);
    } catch (e) { showError('new-user-error', e); }
  }

  function onCancelNew() {
    $('new-user-form').hidden = true;
    $('empty-detail').hidden = false;
    $('new-user-btn').focus();
  }

  async function onRename(ev) {
    ev.preventDefault();
    showError('detail-error', null);
    try {
      await api('PATCH', '/admin/api/users/' + encodeURIComponent(current.code),
                { name: $('edit-name').value.trim() });
      await loadUsers();
      announce('Name saved.');
    } catch (e) { showError('detail-error', e); }
  }

  async function onResetPassword(ev) {
    ev.preventDefault();
    showError('detail-error', null);
    const pw = $('reset-password').value;
    if (!pw) { showError('detail-error', { message: 'Enter the new password.' }); return; }
    try {
      await api('PUT', '/admin/api/users/' + encodeURIComponent(current.code) + '/password',
                { password: pw });
      $('reset-password').value = '';
      await loadUsers();
      announce('Password reset for ' + current.code + '.');
    } catch (e) { showError('detail-error', e); }
  }

  async function onDelete() {
    if (!confirm('Delete user ' + current.code + '? Its API key stops working at once.')) return;
    try {
      await api('DELETE', '/admin/api/users/' + encodeURIComponent(current.code));
      announce('User ' + current.code + ' deleted.');
      current = null;
      fresh = null;
      $('user-detail').hidden = true;
      $('empty-detail').hidden = false;
      await loadUsers();
      $('new-user-btn').focus();
    } catch (e) { showError('detail-error', e); }
  }

  async function onGenerate() {
    const again = current.key && current.key.active;
    const q = (again ? 'Generate a new key pair for ' + current.code +
                       '? The current key stops working at once. '
                     : 'Generate an API secret key for ' + current.code + '? ') +
              'The Secret Key is shown only once, and the user will no longer be able to log in ' +
              'with a password.';
    if (!confirm(q)) return;
    showError('key-error', null);
    try {
      const d = await api('POST', '/admin/api/users/' + encodeURIComponent(current.code) + '/apikey');
      const k = d.data[0];
      fresh = { user: k.user, access_key: k.access_key, secret_key: k.secret_key, curl: k.curl };
      $('test-result').hidden = true;
      $('curl-box').hidden = true;
      if (k.session_ended) {
        // Generating a key for yourself ends your own password session.
        $('new-keys').hidden = false;
        $('new-access-key').value = k.access_key;
        $('new-secret-key').value = k.secret_key;
        announce('Key generated. Your own session has ended: copy the keys, then log in as another user.');
        return;
      }
      await loadUsers();
      await loadKey();
      announce('Key generated. Copy the Secret Key now: it will not be shown again.');
      $('new-secret-key').focus();
    } catch (e) { showError('key-error', e); }
  }

  async function onRevoke() {
    if (!confirm('Revoke the API key of ' + current.code + '? Requests signed with it are refused ' +
                 'at once.')) return;
    showError('key-error', null);
    try {
      await api('DELETE', '/admin/api/users/' + encodeURIComponent(current.code) + '/apikey');
      fresh = null;
      $('test-result').hidden = true;
      $('curl-box').hidden = true;
      await loadUsers();
      await loadKey();
      announce('Key revoked.');
    } catch (e) { showError('key-error', e); }
  }

  async function onTest() {
    showError('key-error', null);
    const box = $('test-result');
    const summary = $('test-summary');
    summary.replaceChildren('Testing…');
    $('test-body').textContent = '';
    box.hidden = false;
    try {
      const d = await api('POST',
                          '/admin/api/users/' + encodeURIComponent(current.code) + '/apikey/test');
      const t = d.data[0];
      const mark = document.createElement('span');
      mark.className = t.ok ? 'ok' : 'bad';
      mark.textContent = t.ok ? 'Connected' : 'Failed';
      summary.replaceChildren(mark, ': ' + t.request + ' → HTTP ' + t.status + ' in ' +
                              t.elapsed_ms + ' ms (' + t.body_bytes + ' bytes)');
      $('test-body').textContent = t.body_prefix;
      announce(t.ok ? 'Test Connection succeeded.' : 'Test Connection failed: HTTP ' + t.status);
    } catch (e) {
      box.hidden = true;
      showError('key-error', e);
    }
  }

  async function onCurl() {
    let cmd, note;
    if (fresh && fresh.user === current.code && current.key && current.key.active &&
        fresh.access_key === current.key.access_key) {
      cmd = fresh.curl;
      note = 'A working command with this key pair. Keep it private: it contains the Secret Key.';
    } else {
      cmd = current.key.curl;  // with YOUR_SECRET_KEY in place of the secret
      note = 'The Secret Key is shown only right after Generate: replace YOUR_SECRET_KEY with it.';
    }
    $('curl-command').value = cmd;
    $('curl-note').textContent = note;
    $('curl-box').hidden = false;
    const ok = await copyText(cmd);
    announce(ok ? 'cURL command copied to the clipboard.' : 'Select the command and copy it.');
  }

  async function onCopyField(ev) {
    const id = ev.currentTarget.dataset.copy;
    const ok = await copyText($(id).value);
    announce(ok ? 'Copied.' : 'Select the text and copy it.');
  }

  function guard(fn) {
    return (ev) => { fn(ev).catch((e) => announce(e.message || String(e))); };
  }

  async function start() {
    $('login-form').addEventListener('submit', guard(onLogin));
    $('logout-btn').addEventListener('click', guard(onLogout));
    $('new-user-btn').addEventListener('click', onNewUser);
    $('new-user-form').addEventListener('submit', guard(onCreateUser));
    $('new-user-cancel').addEventListener('click', onCancelNew);
    $('name-form').addEventListener('submit', guard(onRename));
    $('password-form').addEventListener('submit', guard(onResetPassword));
    $('delete-user-btn').addEventListener('click', guard(onDelete));
    $('generate-btn').addEventListener('click', guard(onGenerate));
    $('revoke-btn').addEventListener('click', guard(onRevoke));
    $('test-btn').addEventListener('click', guard(onTest));
    $('curl-btn').addEventListener('click', guard(onCurl));
    for (const b of document.querySelectorAll('[data-copy]')) {
      b.addEventListener('click', guard(onCopyField));
    }
    try {
      const s = await api('GET', '/admin/api/session');
      me = s.data[0];
      csrf = me.csrf_token;
      await showUsers();
    } catch (e) {
      showLogin(null);
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
)SQLACC";

}  // namespace

std::string_view admin_page_html() { return kHtml; }
std::string_view admin_page_css() { return kCss; }
std::string_view admin_page_js() { return kJs; }

}  // namespace sqlacc::api
