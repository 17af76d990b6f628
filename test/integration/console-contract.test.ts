import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../adapters/console/adapter.js";
import type { MessageRef } from "../../src/core/refs.js";
import { RecordingSink, runAdapterContract } from "../contract/adapter-contract.js";

runAdapterContract("console", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  // Each message's printed text, by ref id, so `shown` reads what a person saw.
  const shownById = new Map<string, string>();
  const adapter = new ConsoleAdapter({ input, output, firstUser: "ada" });
  const post = adapter.post.bind(adapter);
  adapter.post = async (to, message): Promise<MessageRef> => {
    const before = printed.length;
    const ref = await post(to, message);
    shownById.set(ref.id, printed.slice(before));
    return ref;
  };
  const update = adapter.update.bind(adapter);
  adapter.update = async (ref, message) => {
    const before = printed.length;
    await update(ref, message);
    shownById.set(ref.id, printed.slice(before));
  };
  const sink = new RecordingSink();
  await adapter.start(sink);
  return {
    adapter,
    sink,
    channel: adapter.channel,
    user: adapter.userRef("ada"),
    async shown(ref) {
      return shownById.get(ref.id) ?? "";
    },
    async press(ref, label) {
      const number = new RegExp(`\\[(\\d+)\\] ${label}`).exec(shownById.get(ref.id) ?? "")?.[1];
      if (!number) throw new Error(`No button "${label}" on message ${ref.id}`);
      await adapter.handleInput(`/press ${number}`);
    },
    async command(text) {
      await adapter.handleInput(`/mentor ${text}`);
    },
    async submitForm(values) {
      for (const value of values) await adapter.handleInput(value);
    },
    async close() {
      await adapter.stop();
    },
  };
});
