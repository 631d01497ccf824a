// Stand-in for @forge/react (12.x) in node tests: the UI Kit components are, as in the real package
// (out/components/ui-kit-components.js: `exports.Button = 'Button'`), plain host-element type
// names, so React renders them as elements a test renderer can inspect. ForgeReconciler.render
// (which in Forge mounts the tree through its own reconciler and the Forge bridge) only keeps the
// element, for the test to render with react-test-renderer.
'use strict';
const rendered = [];
const ForgeReconciler = {
  render(element) {
    rendered.push(element);
  },
};
const names = [
  'Button', 'ButtonGroup', 'Heading', 'List', 'ListItem', 'SectionMessage', 'Spinner', 'Stack',
  'Text', 'TextArea', 'Box', 'Inline', 'Lozenge', 'Badge',
];
for (const n of names) exports[n] = n;
exports.default = ForgeReconciler;
exports.rendered = rendered;
Object.defineProperty(exports, '__esModule', { value: true });
