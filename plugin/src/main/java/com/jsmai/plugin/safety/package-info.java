/**
 * Input and output checks: prompt-injection detection on untrusted ticket text, and PII, leakage
 * and sensitive-word checks before anything is posted publicly.
 */
package com.jsmai.plugin.safety;
