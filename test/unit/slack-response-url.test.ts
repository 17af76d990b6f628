import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToResponseUrl } from "../../adapters/slack/response-url.js";

/**
 * A local server standing in for a response_url: answers by path, and can drop a kept-alive
 * connection the way a server whose idle timeout fired does (no answer, connection reset).
 */
describe("posting an answer to a response_url", () => {
  let server: Server;
  let base: string;
  const received: { path: string; body: unknown; socketRequest: number }[] = [];
  const requestsOn = new WeakMap<Socket, number>();

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const socket = request.socket;
      const nth = (requestsOn.get(socket) ?? 0) + 1;
      requestsOn.set(socket, nth);
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on("end", () => {
        if (request.url === "/drops-reused" && nth > 1) {
          socket.resetAndDestroy();
          return;
        }
        received.push({ path: request.url ?? "", body: JSON.parse(text), socketRequest: nth });
        response.writeHead(request.url === "/refuses" ? 404 : 200, { "content-type": "text/plain" }).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends the JSON body and keeps the connection for the next answer", async () => {
    await postToResponseUrl(`${base}/ok`, { text: "first" });
    await postToResponseUrl(`${base}/ok`, { text: "second" });
    expect(received.filter((r) => r.path === "/ok")).toEqual([
      { path: "/ok", body: { text: "first" }, socketRequest: 1 },
      { path: "/ok", body: { text: "second" }, socketRequest: 2 },
    ]);
  });

  it("throws when the response_url refuses the answer", async () => {
    await expect(postToResponseUrl(`${base}/refuses`, { text: "late" })).rejects.toThrow("response_url refused the answer: HTTP 404");
  });

  it("sends once more, on a new connection, when a kept-alive connection is reset before any answer", async () => {
    await postToResponseUrl(`${base}/drops-reused`, { text: "again" });
    expect(received.filter((r) => r.path === "/drops-reused").map((r) => r.socketRequest)).toEqual([1]);
    await postToResponseUrl(`${base}/drops-reused`, { text: "again" });
    // The reused connection was dropped; the answer arrived once, on a fresh one.
    expect(received.filter((r) => r.path === "/drops-reused").map((r) => r.socketRequest)).toEqual([1, 1]);
  });

  it("refuses a URL that is not http(s)", async () => {
    await expect(postToResponseUrl("file:///etc/passwd", { text: "x" })).rejects.toThrow("response_url is not an http(s) URL: file:");
  });
});
