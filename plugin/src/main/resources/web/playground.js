// Model playground: streams one turn at a time, shows tool calls and live speed, exports JSON.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const csrf = document.body.dataset.csrf;
  let messages = [];
  let log = [];
  const readableArgs = window.jsmaiUi.readableArgs; // from ui.js, loaded first
  for (const id of ['temperature', 'topP', 'maxTokens']) {
    $(id).addEventListener('input', () => { $(id + '-v').textContent = $(id).value; });
  }
  function add(cls, text) {
    const div = document.createElement('div');
    div.className = 'msg ' + cls; div.textContent = text;
    $('chat').appendChild(div); $('chat').scrollTop = $('chat').scrollHeight;
    return div;
  }
  async function send() {
    const text = $('message').value.trim();
    if (!text) return;
    $('message').value = '';
    messages.push({ role: 'user', content: text });
    add('user', '> ' + text);
    const out = add('assistant', '');
    $('send').disabled = true;
    const started = performance.now();
    let first = null, chunks = 0, running = null;
    const body = { desk: $('desk').value, ticket: $('ticket').value, model: $('model').value,
      temperature: +$('temperature').value, topP: +$('topP').value, maxTokens: +$('maxTokens').value, messages };
    const turn = { request: body, tools: [], stats: null };
    try {
      const res = await fetch('/admin/playground/chat', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
      if (!res.ok) { out.textContent = (await res.text()); return; }
      const reader = res.body.getReader(); const dec = new TextDecoder(); let buf = '';
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
          if (ev[1] === 'delta') {
            if (first === null) first = performance.now();
            chunks++; out.textContent += d.text;
            const secs = (performance.now() - first) / 1000;
            $('stats').textContent = 'streaming: ' + chunks + ' chunks · TTFT ' + Math.round(first - started) + ' ms · ' + (secs > 0 ? (chunks / secs).toFixed(1) : '–') + ' chunks/s';
          } else if (ev[1] === 'tool_start') {
            // shown while the call runs; its result replaces the line
            running = add('tool', 'tool ' + d.tool + '(' + readableArgs(d.arguments) + ') …');
            $('chat').insertBefore(running, out);
          } else if (ev[1] === 'tool') {
            turn.tools.push(d);
            const line = 'tool ' + d.tool + '(' + readableArgs(d.arguments) + ') → ' + d.outcome + ': ' + d.result;
            if (running) { running.textContent = line; running = null; }
            else $('chat').insertBefore(add('tool', line), out);
          } else if (ev[1] === 'system') {
            turn.system = d.prompt;
          } else if (ev[1] === 'stats') {
            turn.stats = d;
            $('stats').textContent = d.model + ' · prompt ' + d.promptTokens + ' tokens · completion ' + d.completionTokens + ' tokens · TTFT ' + d.ttftMs + ' ms · ' + d.tokensPerSecond.toFixed(1) + ' tokens/s · total ' + d.totalMs + ' ms';
          } else if (ev[1] === 'done') {
            out.textContent = d.text; messages.push({ role: 'assistant', content: d.text });
          } else if (ev[1] === 'error') {
            out.textContent = 'Error: ' + d.message; messages.pop();
          }
        }
      }
    } finally {
      $('send').disabled = false;
      log.push(turn);
    }
  }
  $('send').addEventListener('click', send);
  $('message').addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(); });
  $('reset').addEventListener('click', () => { messages = []; log = []; $('chat').textContent = ''; $('stats').textContent = ''; });
  $('export').addEventListener('click', () => {
    const blob = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), messages, turns: log }, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = 'playground-conversation.json'; a.click();
  });
})();
