'use strict';
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
