/** Subcommands of the inference-node jar: make-test-model, generate, bench. */
package com.jsmai.node.cli;
