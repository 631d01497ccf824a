/**
 * What the panel and admin pages share: sessions and CSRF, password hashing, UI strings in English
 * and Chinese, page shell and static assets.
 */
package com.jsmai.plugin.web;
