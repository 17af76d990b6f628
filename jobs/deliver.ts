import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { PermanentDeliveryError, RateLimitedError } from "../src/core/adapter.js";
import type { Message } from "../src/core/message.js";
import { type ConversationRef, type MessageRef, workspaceOf } from "../src/core/refs.js";
import type { Services } from "../src/services.js";
import type { Pacer } from "./pacing.js";

/** Outbound job data carries the send slot it booked, so a delayed job keeps its place. */
export interface PacedData {
  slotAt?: number;
}

/** A paced send may sleep this long in the worker; longer waits hand the job back as delayed. */
const MAX_INLINE_WAIT_MS = 1_000;

export interface SendOutcome {
  sent?: MessageRef;
  /** The platform refused for good; recorded for admins. */
  permanent?: PermanentDeliveryError;
}

/**
 * Sends one message from a job, paced under the platform's limits (per conversation and per
 * workspace, booked in Redis so every worker shares the budget). A 429 hands the job back
 * until Retry-After; a permanent refusal is recorded and not retried. This is the only code that
 * reads or writes the job's `slotAt`: a slot is spent by the send it was booked for, so a job that
 * sends several messages books a fresh slot for each and never reuses one.
 */
export async function sendFromJob(
  services: Services,
  pacer: Pacer,
  job: Job<PacedData>,
  token: string | undefined,
  target: ConversationRef,
  message: Message,
  workspaceId: number,
): Promise<SendOutcome> {
  const adapter = services.adapters.for(target);
  const limits = adapter.outboundLimits;
  if (limits) {
    const slotAt =
      job.data.slotAt ??
      (await pacer.reserve([
        { key: `c:${target}`, rate: limits.perConversation },
        { key: `w:${workspaceOf(target)}`, rate: limits.perWorkspace },
      ]));
    const wait = slotAt - Date.now();
    if (wait > MAX_INLINE_WAIT_MS) {
      // The booked slot travels with the job, so it keeps its place when it comes back.
      await job.updateData({ ...job.data, slotAt });
      await job.moveToDelayed(slotAt, token);
      throw new DelayedError();
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  let outcome: SendOutcome;
  try {
    outcome = { sent: await adapter.post(target, message) };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      // Book a fresh slot after the platform's wait; the old one proved too early.
      await spendSlot(job);
      await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
      throw new DelayedError();
    }
    if (!(error instanceof PermanentDeliveryError)) throw error;
    await services.workspaces.recordDeliveryFailure(workspaceId, { target, code: error.code, detail: error.message, job: job.name });
    outcome = { permanent: error };
  }
  await spendSlot(job);
  return outcome;
}

/** Forgets the slot the last send used, so the job's next send books its own. */
async function spendSlot(job: Job<PacedData>): Promise<void> {
  if (job.data.slotAt !== undefined) await job.updateData({ ...job.data, slotAt: undefined });
}

/**
 * A job that ended because the platform refused its delivery for good: recorded for admins, never
 * retried, and no fault of the bot (a person who closed their DMs made a choice).
 */
export class DeliveryRefused extends UnrecoverableError {
  constructor(readonly refusal: PermanentDeliveryError) {
    super(`${refusal.code}: ${refusal.message}`);
    this.name = "DeliveryRefused";
  }
}

/** Ends a job whose delivery the platform refused for good: BullMQ must not retry it. */
export function failPermanently(error: PermanentDeliveryError): never {
  throw new DeliveryRefused(error);
}

/**
 * Sends a message at most once per effect key (a DM about one round to one person): the key is
 * claimed before sending and given back if the send does not happen (a failure, or a hand-back
 * for pacing), so a retry sends it; a repeat after success finds the key and does nothing.
 */
export async function sendOnce(
  services: Services,
  pacer: Pacer,
  job: Job<PacedData>,
  token: string | undefined,
  key: string,
  target: ConversationRef,
  message: Message,
  workspaceId: number,
): Promise<MessageRef | undefined> {
  if (!(await services.workspaces.claimEffect(workspaceId, key))) return undefined;
  try {
    const outcome = await sendFromJob(services, pacer, job, token, target, message, workspaceId);
    if (outcome.permanent) failPermanently(outcome.permanent);
    return outcome.sent;
  } catch (error) {
    if (!(error instanceof UnrecoverableError)) await services.workspaces.releaseEffect(workspaceId, key);
    throw error;
  }
}
