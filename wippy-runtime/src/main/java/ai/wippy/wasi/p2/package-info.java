/**
 * WASI Preview 2 for components: {@code wasi:io} (error, poll, streams), {@code wasi:clocks},
 * {@code wasi:random}, {@code wasi:cli}, {@code wasi:filesystem}, {@code wasi:sockets} and {@code
 * wasi:http}, each held to the entry's grants and settings. Every wait (a timer, data on a stream,
 * an HTTP response) parks the guest's virtual thread on a future and resumes it when the future
 * completes: waiting guests hold no platform thread, and an interrupt stops them.
 */
package ai.wippy.wasi.p2;
