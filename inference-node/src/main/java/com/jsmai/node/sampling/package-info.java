/**
 * Token choice and the generation loop: Sampler, SamplingParams, the LogitsConstraint hook, stop
 * tokens and stop strings.
 */
package com.jsmai.node.sampling;
