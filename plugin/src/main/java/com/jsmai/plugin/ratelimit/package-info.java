/**
 * Token-bucket limits per customer and per service desk on automatic replies and model calls, local
 * or shared through Redis.
 */
package com.jsmai.plugin.ratelimit;
