/**
 * A client that sends its headers or body a byte at a time holds a connection and its memory
 * (slowloris): give it 5 s for the headers and 10 s for the whole request.
 * @param {import("node:http").Server} server
 */
export function limitSlowClients(server) {
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  return server;
}
