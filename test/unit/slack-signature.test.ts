import { createHmac } from "node:crypto";
import { isValidSlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { SIGNATURE_WINDOW_S, slackSignatureProblem } from "../../adapters/slack/signature.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW_MS = 1_780_000_000_000;
const body = Buffer.from("payload=%7B%22type%22%3A%22block_actions%22%7D");

function signed(stamp: number, secret = SECRET, raw = body) {
  const hex = createHmac("sha256", secret).update(`v0:${stamp}:${raw.toString()}`).digest("hex");
  return { "x-slack-signature": `v0=${hex}`, "x-slack-request-timestamp": String(stamp) };
}

describe("Slack request signatures", () => {
  const stamp = NOW_MS / 1000;

  it("accepts what Slack signs, as Bolt's own check does", () => {
    const headers = signed(stamp);
    expect(slackSignatureProblem(SECRET, headers, body, NOW_MS)).toBeUndefined();
    const bolt = { "x-slack-signature": headers["x-slack-signature"], "x-slack-request-timestamp": stamp };
    expect(isValidSlackRequest({ signingSecret: SECRET, body: body.toString(), headers: bolt, nowMilliseconds: NOW_MS })).toBe(true);
  });

  it("refuses another secret, a changed body, a changed time and a malformed signature", () => {
    expect(slackSignatureProblem(SECRET, signed(stamp, "another-secret"), body, NOW_MS)).toBe("signature mismatch");
    expect(slackSignatureProblem(SECRET, signed(stamp), Buffer.from(`${body.toString()}x`), NOW_MS)).toBe("signature mismatch");
    expect(slackSignatureProblem(SECRET, { ...signed(stamp), "x-slack-request-timestamp": String(stamp - 1) }, body, NOW_MS)).toBe("signature mismatch");
    const upper = signed(stamp)["x-slack-signature"].toUpperCase();
    expect(slackSignatureProblem(SECRET, { ...signed(stamp), "x-slack-signature": upper }, body, NOW_MS)).toBe("not a v0 signature");
    expect(slackSignatureProblem(SECRET, { ...signed(stamp), "x-slack-signature": "v0=abc" }, body, NOW_MS)).toBe("not a v0 signature");
    expect(slackSignatureProblem(SECRET, { "x-slack-request-timestamp": String(stamp) }, body, NOW_MS)).toBe("signature headers missing");
  });

  it("refuses a time more than five minutes from ours either way, even signed", () => {
    expect(slackSignatureProblem(SECRET, signed(stamp - SIGNATURE_WINDOW_S), body, NOW_MS)).toBeUndefined();
    expect(slackSignatureProblem(SECRET, signed(stamp - SIGNATURE_WINDOW_S - 1), body, NOW_MS)).toBe("timestamp more than 5 minutes from now");
    expect(slackSignatureProblem(SECRET, signed(stamp + SIGNATURE_WINDOW_S + 1), body, NOW_MS)).toBe("timestamp more than 5 minutes from now");
    expect(slackSignatureProblem(SECRET, { ...signed(stamp), "x-slack-request-timestamp": "soon" }, body, NOW_MS)).toBe("timestamp is not a number");
  });
});
