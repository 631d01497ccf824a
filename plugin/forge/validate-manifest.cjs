// Runs the official Forge manifest validation (the same FullValidationProcessor `forge lint` and
// `forge deploy` use, from the npm package @forge/manifest) on one manifest file and prints the
// result as JSON. Exit codes: 0 valid, 1 invalid, 3 @forge/manifest is not installed.
// Usage: node plugin/forge/validate-manifest.cjs <repo-root> <manifest.yml>
'use strict';
const [root, file] = process.argv.slice(2);
let manifest;
try {
  manifest = require(require.resolve('@forge/manifest', { paths: [root] }));
} catch (e) {
  console.log(JSON.stringify({ missing: String(e.message).split('\n')[0] }));
  process.exit(3);
}
manifest
  .validate(false, file)
  .then((r) => {
    console.log(JSON.stringify({ success: r.success, errors: r.errors || [] }));
    process.exit(r.success ? 0 : 1);
  })
  .catch((e) => {
    console.log(JSON.stringify({ success: false, errors: [{ message: String(e) }] }));
    process.exit(1);
  });
