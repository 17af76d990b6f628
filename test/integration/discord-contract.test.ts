import { channelRef, userRef } from "../../adapters/discord/refs.js";
import { summarise } from "../../src/core/commands.js";
import { textMessage } from "../../src/core/message.js";
import { RecordingSink, runAdapterContract } from "../contract/adapter-contract.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import { startDiscordApp } from "../helpers/discord-app.js";

runAdapterContract("discord", async () => {
  const t = await startDiscordApp({ start: false, workers: false });
  // The contract's own command, registered with Discord like any other.
  const contract = { path: ["contract", "go"], summary: "Contract command", args: [], access: "member" as const, run: async () => textMessage("ok") };
  t.app.services.router.register(contract);
  // Only the contract's command: the bot's own fill /mentor's 25 top-level places.
  await t.adapter.syncCommands([summarise(contract)]);
  const sink = new RecordingSink();
  await t.adapter.start(sink);
  let lastCommand: EmuInteraction | undefined;
  const { emulator, driver, admin } = t;
  return {
    adapter: t.adapter,
    sink,
    channel: channelRef(t.guild.id, t.channel.id),
    user: userRef(t.guild.id, admin.id),
    async shown(ref) {
      return emulator.world.shownText(driver.message(ref.id));
    },
    async press(ref, label) {
      await driver.waitForCallback(driver.press(admin, ref.id, label));
    },
    async command(text) {
      lastCommand = driver.slashCommand(admin, t.channel, text.split(" "));
      await driver.waitForCallback(lastCommand);
    },
    async submitForm(values) {
      if (!lastCommand?.modal) throw new Error("No form is open");
      const ids = (lastCommand.modal.components as { component: { custom_id: string } }[]).map((c) => c.component.custom_id);
      await driver.waitForCallback(driver.submitModal(lastCommand, Object.fromEntries(ids.map((id, i) => [id, values[i] ?? ""]))));
    },
    async close() {
      await t.close();
    },
  };
});
