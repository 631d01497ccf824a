/** Engine benchmarks: prefill and decode speed, streaming-read bandwidth, peak RSS. */
package com.jsmai.node.bench;
