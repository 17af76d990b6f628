import http from "node:http";
import https from "node:https";

/** How long a response_url may take to answer, as for Web API calls. */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * Connections to Slack's response_url host stay open between answers: a worker answering a
 * burst of clicks reuses a few sockets instead of a TLS handshake per click. node:http's own
 * client, not fetch: per request it builds no streams, Headers or AbortSignal, a fraction of
 * fetch's CPU for a small JSON POST.
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** POSTs JSON to a response_url; a refusal (not 2xx), a network error or no answer in 10 s throws. */
export async function postToResponseUrl(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  const url = new URL(responseUrl);
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (!client) throw new Error(`response_url is not an http(s) URL: ${url.protocol}`);
  const payload = JSON.stringify(body);
  try {
    await post(client, url, payload);
  } catch (error) {
    // A kept-alive connection the server closed as the request went out, before any answer:
    // sent again, once, on another connection (what Node's documentation advises).
    if (!(error instanceof StaleSocket)) throw error;
    await post(client, url, payload);
  }
}

class StaleSocket extends Error {}

function post(client: typeof http | typeof https, url: URL, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        agent: agents[url.protocol as keyof typeof agents],
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        // Read to the end, so the connection goes back to the pool.
        response.resume();
        response.on("end", () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`response_url refused the answer: HTTP ${status}`));
        });
        response.on("error", fail);
      },
    );
    let responded = false;
    request.on("response", () => {
      responded = true;
    });
    const timer = setTimeout(() => request.destroy(new Error(`response_url did not answer in ${RESPONSE_URL_TIMEOUT_MS / 1000} s`)), RESPONSE_URL_TIMEOUT_MS);
    function fail(error: Error & { code?: string }) {
      clearTimeout(timer);
      const stale = request.reusedSocket && error.code === "ECONNRESET" && !responded;
      reject(stale ? new StaleSocket(error.message) : error);
    }
    request.on("error", fail);
    request.end(payload);
  });
}
