/**
 * Runtime-editable configuration: a versioned, audited SQLite store validated by the plugin's own
 * readers, with secrets sealed by AES-GCM. See docs/admin.md.
 */
package com.jsmai.plugin.settings;
