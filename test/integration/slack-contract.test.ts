import { SlackAdapter } from "../../adapters/slack/adapter.js";
import type { DeliveryClaims } from "../../adapters/slack/receive.js";
import { silentLogger } from "../../src/core/logger.js";
import type { MessageRef } from "../../src/core/refs.js";
import { HttpServer } from "../../src/http/server.js";
import { RecordingSink, runAdapterContract } from "../contract/adapter-contract.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { eventually } from "../emulators/slack/slack-test-app.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";

const TEAM = "T9";
const CHANNEL = "CCONTRACT";
const USER = "UADA";
const SECRET = "contract-signing-secret";

/** The contract is about the adapter's promises, so event ids are remembered in memory here. */
class RememberedClaims implements DeliveryClaims {
  private readonly seen = new Set<string>();
  async claim(teamId: string, eventId: string): Promise<boolean> {
    const key = `${teamId}:${eventId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

runAdapterContract("slack", async () => {
  const emulator = new SlackEmulator();
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, "xoxb-contract");
  emulator.addUser(TEAM, { id: USER, name: "Ada", tz: "Europe/London" });
  emulator.addChannel(TEAM, CHANNEL);
  const http = new HttpServer({ port: 0, portSetting: "PORT" });
  const adapter = new SlackAdapter({
    mode: { kind: "http", signingSecret: SECRET, http },
    botToken: "xoxb-contract",
    apiUrl,
    claims: new RememberedClaims(),
    logger: silentLogger,
  });
  const port = await http.listen("127.0.0.1");
  const sink = new RecordingSink();
  await adapter.start(sink);
  const slack = new WorkspaceDriver(emulator, { kind: "http", url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET }, TEAM);
  const channelOf = (ref: MessageRef) => ref.conversation.split(":")[2] as string;
  const waitForEvents = (count: number) => eventually(() => (sink.events.length >= count ? undefined : Promise.reject(new Error("event not delivered"))));
  return {
    adapter,
    sink,
    channel: `slack:${TEAM}:${CHANNEL}`,
    user: `slack:${TEAM}:${USER}`,
    async shown(ref) {
      const message = emulator.message(TEAM, channelOf(ref), ref.id);
      return message ? `${message.text}\n${JSON.stringify(message.blocks)}` : "";
    },
    async press(ref, label) {
      const before = sink.events.length;
      await slack.press(USER, channelOf(ref), ref.id, label);
      await waitForEvents(before + 1);
    },
    async command(text) {
      const before = sink.events.length;
      await slack.command(USER, CHANNEL, text);
      await waitForEvents(before + 1);
      if (sink.formToOpen) await eventually(() => (emulator.openModal(TEAM, USER) ? undefined : Promise.reject(new Error("no modal"))));
    },
    async submitForm(values) {
      const modal = emulator.openModal(TEAM, USER);
      if (!modal) throw new Error("No open modal");
      const ids = (modal.view.blocks as { block_id: string }[]).map((b) => b.block_id);
      const before = sink.events.length;
      await slack.submitModal(USER, Object.fromEntries(ids.map((id, i) => [id, values[i] ?? ""])));
      await waitForEvents(before + 1);
    },
    async close() {
      await adapter.stop();
      await http.close();
      await emulator.stop();
    },
  };
});
