/**
 * The JSM simulator for tests and the demo; the public API is {@link com.jsmai.sandbox.JsmSandbox}
 * and its config and value types in this package.
 */
package com.jsmai.sandbox;
