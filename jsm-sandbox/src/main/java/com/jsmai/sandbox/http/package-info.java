/**
 * Javalin routes for servicedeskapi, the platform API, webhook registration and the sandbox control
 * API; thin handlers over the state.
 */
package com.jsmai.sandbox.http;
