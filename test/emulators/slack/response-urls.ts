import { randomBytes } from "node:crypto";
import { validateBlocks } from "./block-kit.js";
import type { RecordedCall, StoredMessage } from "./emulator.js";
import { type Answer, type Params, str } from "./wire.js";

/** What response_url answers need of the emulator's messages. */
export interface MessageBoard {
  message(team: string, channel: string, ts: string): StoredMessage | undefined;
  store(team: string, channel: string, params: Params, visibleTo?: string): StoredMessage;
}

/**
 * The response URLs an interaction carries: at most 5 uses within 30 minutes, ephemeral unless
 * `in_channel`, and `replace_original` edits the message the button was on.
 */
export class ResponseUrls {
  private readonly targets = new Map<string, { team: string; channel: string; user: string; uses: number; at: number; messageTs?: string }>();

  constructor(private readonly board: MessageBoard) {}

  create(base: string, team: string, channel: string, user: string, messageTs?: string): string {
    const id = randomBytes(8).toString("hex");
    this.targets.set(id, { team, channel, user, uses: 0, at: Date.now(), messageTs });
    return `${base}/respond/${id}`;
  }

  /** A POST to /respond/ID; `call` is filled in for the record. */
  respond(id: string, raw: string, call: RecordedCall): Answer {
    const answer = (status: number, body: string): Answer => {
      call.status = status;
      call.ok = status === 200;
      if (status !== 200) call.error = body;
      return { status, body };
    };
    const target = this.targets.get(id);
    if (!target || target.uses >= 5 || Date.now() - target.at > 30 * 60_000) return answer(404, "expired_url");
    let body: Params;
    try {
      body = JSON.parse(raw) as Params;
    } catch {
      return answer(400, "invalid_payload");
    }
    call.params = body;
    call.team = target.team;
    const blocks = body.blocks;
    if (!str(body.text) && blocks === undefined) return answer(400, "no_text");
    if (blocks !== undefined) {
      const problems = validateBlocks(blocks, "message");
      if (problems.length > 0) {
        call.problems = problems;
        return answer(400, "invalid_blocks");
      }
    }
    target.uses += 1;
    if (body.replace_original === true && target.messageTs) {
      const source = this.board.message(target.team, target.channel, target.messageTs);
      if (source) {
        source.text = str(body.text) ?? source.text;
        source.blocks = (blocks as unknown[] | undefined) ?? source.blocks;
        return answer(200, "ok");
      }
    }
    this.board.store(target.team, target.channel, body, body.response_type === "in_channel" ? undefined : target.user);
    return answer(200, "ok");
  }
}
