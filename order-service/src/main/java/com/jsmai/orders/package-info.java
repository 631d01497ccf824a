/** The sample company order system: order lookup by id or owner email, behind an API key. */
package com.jsmai.orders;
