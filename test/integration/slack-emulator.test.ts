import { afterEach, describe, expect, it } from "vitest";
import { type EmulatorOptions, SlackEmulator } from "../emulators/slack/emulator.js";
import { SlackEmulatorThread } from "../emulators/slack/emulator-thread.js";

/** The emulator must refuse what Slack refuses, or the tests and the fan-out bench prove nothing. */
const TEAM = "T1";
const TOKEN = "xoxb-T1-emulator";
const started: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.stop()));
});

/** An emulator whose rate-limit clock the test moves by hand, so bucket refills are exact. */
async function emulatorAt(options: EmulatorOptions = {}) {
  const clock = { ms: 1_000_000 };
  const emulator = new SlackEmulator({ clock: () => clock.ms, ...options });
  const url = await emulator.start();
  started.push(emulator);
  emulator.addWorkspace(TEAM, TOKEN);
  for (const channel of ["C1", "C2", "C7", "C99", ...Array.from({ length: 20 }, (_, i) => `CW${i}`)]) emulator.addChannel(TEAM, channel);
  return { emulator, url, clock };
}

async function call(url: string, method: string, body: Record<string, unknown>, token: string | null = TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL(method, url), { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

const post = (url: string, body: Record<string, string>, token?: string | null) => call(url, "chat.postMessage", body, token);

describe("Slack emulator: chat.postMessage limits and refusals", () => {
  it("allows a burst of 3 in a channel, then answers 429 with Retry-After until a token refills", async () => {
    const { emulator, url, clock } = await emulatorAt();
    const timestamps = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await post(url, { channel: "C1", text: `hello ${i}` });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, channel: "C1" });
      timestamps.add(String(answer.body.ts));
    }
    expect(timestamps.size).toBe(3);

    const limited = await post(url, { channel: "C1", text: "one too many" });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ ok: false, error: "ratelimited" });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);

    // Another channel has its own bucket; this one refills at 1 message a second.
    expect((await post(url, { channel: "C2", text: "elsewhere" })).status).toBe(200);
    clock.ms += 1_000;
    expect((await post(url, { channel: "C1", text: "after a second" })).status).toBe(200);
    expect((await post(url, { channel: "C1", text: "too soon again" })).status).toBe(429);

    expect(emulator.postStats).toMatchObject({ delivered: 5, deliveredChannels: 2, rejected429: 2, duplicates: 0, errors: 0 });
    expect(
      emulator
        .callsTo("chat.postMessage")
        .filter((c) => c.status === 429)
        .map((c) => c.params.channel),
    ).toEqual(["C1", "C1"]);
  });

  it("caps a workspace across channels at its budget (burst, then a steady rate)", async () => {
    const { url, clock } = await emulatorAt({ limits: { perWorkspace: { perSecond: 10, burst: 20 } } });
    for (let i = 0; i < 20; i++) expect((await post(url, { channel: `CW${i}`, text: "hi" })).status).toBe(200);
    const limited = await post(url, { channel: "C99", text: "hi" });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    clock.ms += 100;
    expect((await post(url, { channel: "C99", text: "hi" })).status).toBe(200);
    expect((await post(url, { channel: "C7", text: "hi" })).status).toBe(429);
  });

  it("answers channel_not_found, invalid_auth and not_authed like Slack (HTTP 200, ok false)", async () => {
    const { emulator, url } = await emulatorAt();
    expect(await post(url, { channel: "CGONE42", text: "anyone?" })).toMatchObject({ status: 200, body: { ok: false, error: "channel_not_found" } });
    expect(await post(url, { channel: "C1", text: "hi" }, "xoxb-revoked")).toMatchObject({ status: 200, body: { ok: false, error: "invalid_auth" } });
    expect(await post(url, { channel: "C1", text: "hi" }, null)).toMatchObject({ status: 200, body: { ok: false, error: "not_authed" } });
    expect(emulator.postStats).toMatchObject({ delivered: 0, errors: 3, rejected429: 0 });
  });

  it("takes form-encoded bodies with the token in the body, and counts a repeated message as a duplicate", async () => {
    const { emulator, url, clock } = await emulatorAt();
    const form = async (text: string) => {
      const response = await fetch(new URL("chat.postMessage", url), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: TOKEN, channel: "C7", text }),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await form("same text")).toMatchObject({ ok: true, channel: "C7" });
    clock.ms += 1_000;
    expect(await form("same text")).toMatchObject({ ok: true });
    clock.ms += 1_000;
    expect(await form("other text")).toMatchObject({ ok: true });
    expect(emulator.postStats).toMatchObject({ delivered: 3, deliveredChannels: 1, duplicates: 1 });
  });

  it("runs on a worker thread with the same limits, set up and read by message", async () => {
    const emulator = new SlackEmulatorThread();
    const url = await emulator.start();
    started.push(emulator);
    await emulator.run("addWorkspace", TEAM, TOKEN);
    await emulator.run("addChannel", TEAM, "C1");
    for (let i = 0; i < 3; i++) expect((await post(url, { channel: "C1", text: `t${i}` })).status).toBe(200);
    expect((await post(url, { channel: "C1", text: "t3" })).status).toBe(429);
    expect(await emulator.postStats()).toMatchObject({ delivered: 3, rejected429: 1 });
    const calls = await emulator.run("callsTo", "chat.postMessage");
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 429]);
    expect(calls[0]?.at).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("Slack emulator: external file uploads", () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  async function uploadUrl(url: string, body: Record<string, unknown>, token = TOKEN) {
    return call(url, "files.getUploadURLExternal", body, token);
  }

  it("takes the three steps, raw or multipart, and shares the files in the channel as one message", async () => {
    const { emulator, url } = await emulatorAt();
    const first = await uploadUrl(url, { filename: "chart.png", length: PNG.length, alt_txt: "A chart" });
    expect(first.body).toMatchObject({ ok: true, file_id: expect.stringMatching(/^F/), upload_url: expect.stringContaining("/upload/v1/") });
    const raw = await fetch(String(first.body.upload_url), { method: "POST", body: PNG });
    expect(raw.status).toBe(200);

    const csv = Buffer.from("week,members\n2024-W01,3\n");
    const second = await uploadUrl(url, { filename: "report.csv", length: csv.length });
    const form = new FormData();
    form.append("file", new Blob([csv]), "report.csv");
    expect((await fetch(String(second.body.upload_url), { method: "POST", body: form })).status).toBe(200);

    const files = [
      { id: first.body.file_id, title: "Chart" },
      { id: second.body.file_id, title: "Report" },
    ];
    const done = await call(url, "files.completeUploadExternal", { files, channel_id: "C7", initial_comment: "Here you go" });
    expect(done.body).toMatchObject({ ok: true, files: [{ id: first.body.file_id }, { id: second.body.file_id }] });

    const [chart, report] = emulator.uploads(TEAM);
    expect(chart?.bytes?.subarray(0, 8)).toEqual(PNG.subarray(0, 8));
    expect(chart).toMatchObject({ name: "chart.png", altText: "A chart", completed: { title: "Chart", channel: "C7", initialComment: "Here you go" } });
    expect(report?.bytes?.toString()).toBe("week,members\n2024-W01,3\n");
    expect(emulator.messagesIn(TEAM, "C7")).toMatchObject([{ text: "Here you go", files: [first.body.file_id, second.body.file_id] }]);

    // A file completes once.
    expect((await call(url, "files.completeUploadExternal", { files: [{ id: first.body.file_id }], channel_id: "C7" })).body.error).toBe("file_not_found");
  });

  it("refuses a token without files:write, a length of 0, bytes of another length, an unknown file and an unknown channel", async () => {
    const { emulator, url } = await emulatorAt();
    emulator.addWorkspace(TEAM, "xoxb-no-files", ["chat:write", "users:read"]);
    expect((await uploadUrl(url, { filename: "a.png", length: 3 }, "xoxb-no-files")).body).toEqual({
      ok: false,
      error: "missing_scope",
      needed: "files:write",
      provided: "chat:write,users:read",
    });
    expect((await uploadUrl(url, { filename: "a.png", length: 0 })).body.error).toBe("missing_argument");
    expect((await uploadUrl(url, { filename: "a.png", length: "many" })).body.error).toBe("invalid_arguments");

    const announced = await uploadUrl(url, { filename: "a.png", length: PNG.length + 5 });
    const short = await fetch(String(announced.body.upload_url), { method: "POST", body: PNG });
    expect(short.status).toBe(400);
    expect((await call(url, "files.completeUploadExternal", { files: [{ id: announced.body.file_id }], channel_id: "C7" })).body.error).toBe("file_not_found");
    expect((await call(url, "files.completeUploadExternal", { files: [{ id: "FNOSUCH" }], channel_id: "C7" })).body.error).toBe("file_not_found");

    const good = await uploadUrl(url, { filename: "a.png", length: PNG.length });
    await fetch(String(good.body.upload_url), { method: "POST", body: PNG });
    expect((await call(url, "files.completeUploadExternal", { files: [{ id: good.body.file_id }], channel_id: "CNOWHERE" })).body.error).toBe(
      "channel_not_found",
    );
    expect(emulator.uploads(TEAM).filter((f) => f.completed)).toEqual([]);
  });
});
