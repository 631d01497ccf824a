// Helpers shared by the page scripts. Html.page loads this file before every page's own script
// (both deferred, so they run in that order); it defines one global, window.jsmaiUi.
(function () {
  'use strict';
  // A tool call's arguments arrive as the model's JSON text, escapes and all
  // ({"order_id":"#W87204\u00304"}): shown decoded as "order_id: #W872040". Always used
  // through textContent, never innerHTML; text that is not a JSON object is shown as it came.
  function readableArgs(json) {
    let v;
    try { v = JSON.parse(json); } catch (e) { return String(json); }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return String(json);
    return Object.entries(v)
      .map(([k, x]) => k + ': ' + (typeof x === 'string' ? x : JSON.stringify(x)))
      .join(', ');
  }

  window.jsmaiUi = Object.freeze({ readableArgs: readableArgs });
})();
