// Stand-in for @forge/bridge (7.x) in node tests: invokeRemote(options) is the one function the
// panel uses. In Forge it POSTs options.body to the remote with the Forge Invocation Token and
// resolves with {status, headers, body} (body parsed from the remote's JSON). Here each call is
// recorded and answered by the test's `remote` function, which plays the plugin's /forge/panel.
'use strict';
const calls = [];
let remote = () => ({ status: 500, headers: {}, body: { error: 'no_remote', message: 'no remote set' } });
exports.invokeRemote = async (options) => {
  // A deep copy, as the real bridge serialises the request: later mutation cannot change it.
  const sent = JSON.parse(JSON.stringify(options));
  calls.push(sent);
  const res = await remote(sent);
  return JSON.parse(JSON.stringify(res));
};
exports.calls = calls;
exports.setRemote = (fn) => {
  remote = fn;
};
Object.defineProperty(exports, '__esModule', { value: true });
