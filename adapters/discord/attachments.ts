import type { RawFile } from "discord.js";
import { type Message, type MessageFile, ui } from "../../src/core/message.js";

/**
 * Discord's upload limits for a bot in a server without boosts (docs, "Uploading Files"): at most
 * 10 files a message and 10 MiB a file. Boosted servers allow more; these hold everywhere.
 */
export const UPLOAD_LIMITS = { files: 10, fileBytes: 10 * 1024 * 1024 } as const;

/**
 * The files Discord will take with a message, as @discordjs/rest sends them (multipart parts
 * `files[n]`), and the message with a line for each file it will not: over the size limit, or
 * past the tenth. Nothing is sent that Discord would refuse, and nothing is left out silently.
 */
export function attachable(message: Message): { message: Message; files: RawFile[] } {
  const files: RawFile[] = [];
  const left: string[] = [];
  for (const file of message.files ?? []) {
    if (file.data.length > UPLOAD_LIMITS.fileBytes)
      left.push(`${file.name} is ${megabytes(file.data.length)}, over Discord's ${megabytes(UPLOAD_LIMITS.fileBytes)} limit`);
    else if (files.length === UPLOAD_LIMITS.files) left.push(`${file.name} would be an 11th file; Discord takes ${UPLOAD_LIMITS.files}`);
    else files.push(rawFile(file));
  }
  const { files: _all, ...rest } = message;
  if (left.length === 0) return { message: rest, files };
  const line = `📎 Not attached: ${left.join("; ")}.`;
  return { message: { ...rest, text: `${rest.text}\n${line}`, blocks: [...(rest.blocks ?? [ui.section(rest.text)]), ui.context(line)] }, files };
}

function rawFile(file: MessageFile): RawFile {
  return { name: file.name, data: Buffer.from(file.data), contentType: file.contentType };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
