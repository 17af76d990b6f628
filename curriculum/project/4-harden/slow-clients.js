/**
 * A client that sends its headers or body a byte at a time holds a connection and its memory
 * (slowloris): 5 s for the headers, 10 s for the whole request, then 408 and the connection is
 * closed. Node checks these deadlines only every `connectionsCheckingInterval` (30 s by default),
 * so without it a 5 s limit is really up to 35 s.
 * @type {import("node:http").ServerOptions}
 */
export const slowClientLimits = { headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 1_000 };
