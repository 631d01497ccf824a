// The agent side panel: loads the brief, streams a suggestion, inserts it, records feedback.
// Cloud (Forge Custom UI) passes its invocation token in the URL fragment (#token=...), which is
// sent as a bearer token; Data Center uses the session cookie plus the CSRF token.
(function () {
  'use strict';
  const body = document.body;
  const issue = body.dataset.issue;
  const csrf = body.dataset.csrf;
  const signIn = body.dataset.signin;
  const t = JSON.parse(document.getElementById('i18n').textContent);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const $ = (id) => document.getElementById(id);
  const api = '/panel/api/' + encodeURIComponent(issue);
  let suggestionId = null;
  let original = '';
  const readableArgs = window.jsmaiUi.readableArgs; // from ui.js, loaded first

  function headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (token) h['Authorization'] = 'Bearer ' + token;
    else if (csrf) h['X-CSRF-Token'] = csrf;
    return h;
  }

  function showAuth(res, data) {
    $('content').hidden = true;
    const box = $('auth');
    box.hidden = false;
    box.textContent = '';
    const p = document.createElement('p');
    p.textContent = res.status === 403 && data && data.error === 'not_visible'
      ? t['panel.notVisible'] : t['panel.signInAgain'];
    box.appendChild(p);
    if (signIn && !token) {
      const a = document.createElement('a');
      a.href = signIn; a.className = 'button primary'; a.textContent = t['panel.signIn'];
      a.target = '_top';
      box.appendChild(a);
    }
  }

  async function call(path, payload) {
    const res = await fetch(api + path, {
      method: payload === undefined ? 'GET' : 'POST', headers: headers(payload !== undefined),
      body: payload === undefined ? undefined : JSON.stringify(payload), credentials: 'same-origin'
    });
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (res.status === 401 || res.status === 403) { showAuth(res, data); throw new Error('auth'); }
    if (!res.ok) throw new Error((data && data.message) || res.statusText);
    return data;
  }

  function text(el, s) { el.textContent = s == null ? '' : s; }

  async function load() {
    const b = await call('/brief');
    $('content').hidden = false;
    text($('summary'), b.summary);
    text($('meta'), [b.requestType, b.status, t['panel.turns'] + ' ' + b.turns,
      t['panel.mode'] + ' ' + b.mode].filter(Boolean).join(' · '));
    const facts = $('facts');
    facts.textContent = '';
    if (!b.facts.length) { const li = document.createElement('li'); li.className = 'muted'; li.textContent = t['panel.noFacts']; facts.appendChild(li); }
    for (const f of b.facts) {
      const li = document.createElement('li');
      li.textContent = '[MEMORY] ' + f.label + ': ' + f.value + ' ';
      if (f.internal) { const s = document.createElement('span'); s.className = 'tag'; s.textContent = t['panel.internal']; li.appendChild(s); }
      facts.appendChild(li);
    }
  }

  // Why the input check flagged this ticket, and the agent's verdict on each flagged text.
  function verdictLine(r) {
    if (!r.verdict) return t['panel.flagged.undecided'];
    return t['panel.flagged.verdict.' + r.verdict] + ' (' + t['panel.flagged.by'] + ' ' + r.decidedBy + ')';
  }

  function renderFlagged(rows) {
    const list = $('flagged');
    list.textContent = '';
    $('flagged-section').hidden = !rows.length;
    for (const r of rows) {
      const li = document.createElement('li');
      li.className = 'flagged-item';
      li.dataset.id = r.id;
      const head = document.createElement('p');
      const action = t['panel.flagged.action.' + r.action] || r.action;
      head.textContent = r.origin + ' · ' + t['panel.flagged.score'] + ' ' + r.score + ' · ' + action
        + (r.learnedOnly ? ' · ' + t['panel.flagged.learnedOnly'] : '');
      li.appendChild(head);
      const ul = document.createElement('ul');
      for (const s of r.signals) {
        const item = document.createElement('li');
        const name = document.createElement('strong');
        name.textContent = s.technique;
        item.appendChild(name);
        if (s.evidence) {
          const q = document.createElement('q');
          q.textContent = s.evidence;
          item.append(': ', q);
        }
        ul.appendChild(item);
      }
      li.appendChild(ul);
      const row = document.createElement('div');
      row.className = 'row';
      for (const [v, label] of [['benign', 'panel.flagged.notAttack'], ['attack', 'panel.flagged.attack']]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'verdict-' + v + (r.verdict === v ? ' primary' : '');
        b.setAttribute('aria-pressed', r.verdict === v ? 'true' : 'false');
        b.textContent = t[label];
        b.addEventListener('click', guard(() => judge(r.id, v)));
        row.appendChild(b);
      }
      li.appendChild(row);
      const status = document.createElement('p');
      status.className = 'muted verdict-status';
      status.setAttribute('role', 'status');
      status.textContent = verdictLine(r);
      li.appendChild(status);
      list.appendChild(li);
    }
  }

  async function loadFlagged() {
    const data = await call('/flagged');
    renderFlagged(data.flagged || []);
  }

  async function judge(id, verdict) {
    await call('/flagged/' + encodeURIComponent(id) + '/verdict', { verdict: verdict });
    await loadFlagged();
    const li = document.querySelector('.flagged-item[data-id="' + id + '"] .verdict-status');
    if (li) li.textContent = li.textContent + ' — ' + t['panel.flagged.saved'];
  }

  function setBusy(busy) {
    for (const id of ['generate', 'regenerate']) $(id).disabled = busy;
    for (const id of ['edit', 'insert-public', 'insert-internal', 'up', 'down', 'reason']) $(id).disabled = busy || !suggestionId;
  }

  async function generate() {
    suggestionId = null;
    setBusy(true);
    const reply = $('reply');
    reply.value = ''; reply.readOnly = true;
    $('tools').textContent = '';
    text($('reply-status'), t['panel.generating']);
    const res = await fetch(api + '/suggest', { method: 'POST', headers: headers(true), body: '{}', credentials: 'same-origin' });
    if (res.status === 401 || res.status === 403) { let d = null; try { d = await res.json(); } catch (e) {} showAuth(res, d); return; }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '', running = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i); buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(chunk), data = /^data: (.*)$/m.exec(chunk);
        if (!ev || !data) continue;
        const d = JSON.parse(data[1]);
        if (ev[1] === 'delta') reply.value += d.text;
        else if (ev[1] === 'tool_start') {
          // shown while the call runs; its result replaces the line
          running = document.createElement('li');
          running.className = 'muted';
          running.textContent = d.tool + '(' + readableArgs(d.arguments) + ') …';
          $('tools').appendChild(running);
        } else if (ev[1] === 'tool') {
          const li = running || document.createElement('li');
          running = null;
          li.className = '';
          li.textContent = d.tool + '(' + readableArgs(d.arguments) + ') → ' + d.outcome + ': ' + d.result + ' (' + d.latencyMs + ' ms)';
          if (!li.parentNode) $('tools').appendChild(li);
        } else if (ev[1] === 'done') {
          suggestionId = d.suggestionId; reply.value = d.text; original = d.text;
          text($('reply-status'), '');
        } else if (ev[1] === 'error') {
          text($('reply-status'), t['panel.error'] + ' ' + d.message);
        }
      }
    }
    if (!$('tools').children.length) { const li = document.createElement('li'); li.className = 'muted'; li.textContent = t['panel.noTools']; $('tools').appendChild(li); }
    setBusy(false);
    $('regenerate').disabled = false;
  }

  async function insert(isPublic) {
    const data = await call('/insert', { suggestionId: suggestionId, body: $('reply').value, public: isPublic });
    text($('reply-status'), (isPublic ? t['panel.inserted.public'] : t['panel.inserted.internal']) + ' #' + data.commentId);
  }

  async function rate(r) {
    await call('/feedback', { suggestionId: suggestionId, rating: r, reason: $('reason').value });
    text($('reply-status'), t['panel.thanks']);
  }

  function guard(fn) {
    return (...a) => fn(...a).catch((e) => { if (e.message !== 'auth') text($('reply-status'), t['panel.error'] + ' ' + e.message); });
  }
  $('generate').addEventListener('click', guard(generate));
  $('regenerate').addEventListener('click', guard(generate));
  $('edit').addEventListener('click', () => { const r = $('reply'); r.readOnly = false; r.focus(); });
  $('insert-public').addEventListener('click', guard(() => insert(true)));
  $('insert-internal').addEventListener('click', guard(() => insert(false)));
  $('up').addEventListener('click', guard(() => rate(1)));
  $('down').addEventListener('click', guard(() => rate(-1)));
  guard(async () => { await load(); await loadFlagged(); })();
})();
