import type { Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { type PacedData, sendFromJob } from "../../jobs/deliver.js";
import type { Pacer } from "../../jobs/pacing.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { AdapterRegistry } from "../../src/core/adapters.js";
import type { Services } from "../../src/services.js";

/**
 * A job that sends several messages books one slot per message: the slot a job brought back
 * from a hand-back is spent by the send it was booked for, never reused by the next one.
 * In memory: a counting pacer, an adapter that records posts, a job that keeps its data.
 */
function world() {
  const booked: number[] = [];
  const pacer = {
    async reserve() {
      booked.push(Date.now());
      return Date.now();
    },
  } as unknown as Pacer;
  const posted: string[] = [];
  let refuse = false;
  const adapters = new AdapterRegistry();
  adapters.add({
    platform: "slack",
    outboundLimits: { perConversation: { rate: 1, perMs: 1_000, burst: 1 }, perWorkspace: { rate: 1, perMs: 1_000, burst: 1 } },
    async post(to: string) {
      if (refuse) throw new PermanentDeliveryError("channel_not_found", "gone");
      posted.push(to);
      return { conversation: to, id: String(posted.length) };
    },
  } as unknown as Parameters<AdapterRegistry["add"]>[0]);
  const services = { adapters, workspaces: { async recordDeliveryFailure() {} } } as unknown as Services;
  const job = {
    name: "checkins.deliver",
    data: { slotAt: Date.now() - 10 } as PacedData,
    async updateData(data: PacedData) {
      job.data = data;
    },
  };
  const send = (to: string) => sendFromJob(services, pacer, job as unknown as Job<PacedData>, undefined, to, { text: "hi" }, 1);
  return { send, job, booked, posted, refuseFromNowOn: () => (refuse = true) };
}

describe("a paced send spends its slot", () => {
  it("uses the slot the job came back with once, then books a fresh one for each send", async () => {
    const { send, job, booked, posted } = world();
    await send("slack:T1:D1");
    expect(booked).toHaveLength(0);
    expect(job.data.slotAt).toBeUndefined();
    await send("slack:T1:D2");
    await send("slack:T1:D3");
    expect(booked).toHaveLength(2);
    expect(posted).toEqual(["slack:T1:D1", "slack:T1:D2", "slack:T1:D3"]);
  });

  it("spends the slot on a permanent refusal too", async () => {
    const { send, job, refuseFromNowOn } = world();
    refuseFromNowOn();
    expect((await send("slack:T1:D1")).permanent?.code).toBe("channel_not_found");
    expect(job.data.slotAt).toBeUndefined();
  });
});
