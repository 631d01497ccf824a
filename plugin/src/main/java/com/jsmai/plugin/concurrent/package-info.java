/** Small concurrency helpers shared by the features: daemon thread factories, future joins. */
package com.jsmai.plugin.concurrent;
