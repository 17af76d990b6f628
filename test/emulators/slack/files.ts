import { randomBytes } from "node:crypto";
import { type Answer, fail, ok, type Params, parseJsonParam, str } from "./wire.js";

/**
 * Slack's external file upload, in its three steps: files.getUploadURLExternal hands out a file
 * id and an upload URL, the bytes are POSTed there (raw or multipart, as Slack accepts both),
 * and files.completeUploadExternal shares the files in a channel (or keeps them private).
 * Every upload is kept with its bytes, so tests can check what arrived.
 */
export interface StoredFile {
  id: string;
  team: string;
  name: string;
  /** The length announced in step 1. */
  length: number;
  altText?: string;
  /** Set once the bytes arrived. */
  bytes?: Buffer;
  /** Set by step 3. */
  completed?: { title: string; channel?: string; threadTs?: string; initialComment?: string };
}

const ALT_TEXT_MAX = 1_000;

export class SlackFiles {
  readonly all: StoredFile[] = [];
  private readonly byUploadKey = new Map<string, StoredFile>();

  constructor(private readonly origin: () => string) {}

  /** files.getUploadURLExternal */
  uploadUrl(team: string, params: Params): Answer {
    const name = str(params.filename);
    const length = Number(params.length ?? 0);
    // Slack: "missing_argument … typically only occurs when the length provided is 0".
    if (!name || length === 0) return fail("missing_argument");
    if (!Number.isInteger(length) || length < 0) return fail("invalid_arguments", { response_metadata: { messages: ["[ERROR] length must be an integer"] } });
    const altText = str(params.alt_txt) ?? str(params.alt_text);
    if (altText && altText.length > ALT_TEXT_MAX) return fail("alt_txt_too_large");
    const file: StoredFile = { id: `F${randomBytes(5).toString("hex").toUpperCase()}`, team, name, length };
    if (altText) file.altText = altText;
    const key = randomBytes(8).toString("hex");
    this.all.push(file);
    this.byUploadKey.set(key, file);
    return ok({ upload_url: `${this.origin()}/upload/v1/${key}`, file_id: file.id });
  }

  /**
   * The POST to an upload URL. Slack answers 200 when it took the bytes; any other status is a
   * failure. A body that is not the announced length is refused, so a wrong length shows.
   */
  async receive(key: string, contentType: string | undefined, body: Buffer): Promise<Answer> {
    const file = this.byUploadKey.get(key);
    if (!file || file.completed) return { status: 404, body: "not_found" };
    const bytes = await fileBytes(contentType, body);
    if (bytes.length !== file.length) return { status: 400, body: `length_mismatch: announced ${file.length}, received ${bytes.length}` };
    file.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  /**
   * files.completeUploadExternal. `channelProblem` is the emulator's channel check; `share`
   * posts the file message in the channel (Slack shows shared files as a message).
   */
  complete(
    team: string,
    params: Params,
    channelProblem: (channel: string) => string | undefined,
    share: (channel: string, files: StoredFile[], text: string, threadTs?: string) => void,
  ): Answer {
    const listed = parseJsonParam(params.files);
    if (!Array.isArray(listed) || listed.length === 0) return fail("invalid_arguments", { response_metadata: { messages: ["[ERROR] files is required"] } });
    const files: { file: StoredFile; title: string }[] = [];
    for (const entry of listed as { id?: unknown; title?: unknown }[]) {
      const file = this.all.find((f) => f.id === entry.id && f.team === team);
      // An id never handed out, whose bytes never arrived, or completed before: Slack cannot find it.
      if (!file?.bytes || file.completed) return fail("file_not_found");
      files.push({ file, title: typeof entry.title === "string" && entry.title ? entry.title : file.name });
    }
    const channel = str(params.channel_id);
    if (channel) {
      const problem = channelProblem(channel);
      if (problem) return fail(problem);
    }
    const threadTs = str(params.thread_ts);
    const initialComment = str(params.initial_comment);
    for (const { file, title } of files) {
      file.completed = { title };
      if (channel) file.completed.channel = channel;
      if (threadTs) file.completed.threadTs = threadTs;
      if (initialComment) file.completed.initialComment = initialComment;
    }
    if (channel)
      share(
        channel,
        files.map((f) => f.file),
        initialComment ?? "",
        threadTs,
      );
    return ok({ files: files.map(({ file, title }) => ({ id: file.id, title })) });
  }
}

/** The file's bytes from an upload body: the first file part of a multipart form, or the raw body. */
async function fileBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (!(contentType ?? "").startsWith("multipart/form-data")) return body;
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType as string } }).formData();
  for (const value of form.values()) if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}
