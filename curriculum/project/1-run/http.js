import http from "node:http";

/** An error the client caused or may see: its status and a sentence for the caller. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A 302 to the target. Not 301: a 301 may be cached with no header saying so, and browsers keep
 * it, so a second visit would never reach us (no click counted) and the link could never be
 * changed or taken down.
 * @param {http.ServerResponse} res
 * @param {string} target
 */
export function redirect(res, target) {
  res.writeHead(302, { location: target, "cache-control": "private, no-store", "content-length": 0 });
  res.end();
}

/**
 * Reads a JSON body of at most `limit` bytes. A larger body is refused before it is all read.
 * @param {http.IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<unknown>}
 */
export async function readJson(req, limit = 8 * 1024) {
  if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "send the body as application/json");
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    // The rest of the body is left unread, so the connection cannot serve another request: close it.
    if (size > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`, { connection: "close" });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
}

/**
 * Starts an HTTP server on `port` that hands each request and its parsed URL to `handle`. An
 * HttpError becomes its status and message; anything else is logged and answered 500, so one bad
 * request never takes the process down.
 * @param {(req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>} handle
 * @param {number} port
 * @param {http.ServerOptions} [options]
 */
export function serve(handle, port, options = {}) {
  const server = http.createServer(options, async (req, res) => {
    try {
      await handle(req, res, new URL(req.url ?? "/", "http://localhost"));
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message }, error.headers);
      console.error(error);
      sendJson(res, 500, { error: "something went wrong on our side" });
    }
  });
  server.listen(port, () => {
    const address = server.address();
    console.log(`listening on http://localhost:${typeof address === "object" && address ? address.port : port}`);
  });
  return server;
}
