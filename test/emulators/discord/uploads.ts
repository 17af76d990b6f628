import { ApiError } from "./api-error.js";

type Json = Record<string, unknown>;

/** A file sent with a message (multipart part `files[n]`). */
export interface Upload {
  /** The part's name, `files[0]`...; the number is the attachment id the payload may refer to. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Discord's upload limits (docs: "Uploading Files"; upload limits for servers without boosts):
 * at most 10 files a message, 10 MiB a file, 25 MiB for the whole request. Over a limit Discord
 * answers 413 with code 40005.
 */
export const UPLOAD_LIMITS = { files: 10, fileBytes: 10 * 1024 * 1024, requestBytes: 25 * 1024 * 1024 } as const;

/**
 * A request body as Discord reads it: JSON, or multipart/form-data with the JSON in
 * `payload_json` and each file in a `files[n]` part.
 */
export function readRequestBody(raw: Buffer, contentType: string | undefined): { body: Json | Json[] | undefined; uploads: Upload[] } {
  if (raw.length > UPLOAD_LIMITS.requestBytes) throw new ApiError(413, 40005, "Request entity too large");
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (!boundary) return { body: raw.length > 0 ? (JSON.parse(raw.toString("utf8")) as Json) : undefined, uploads: [] };
  let body: Json | undefined;
  const uploads: Upload[] = [];
  for (const part of parts(raw, boundary)) {
    const name = /name="([^"]*)"/.exec(part.headers)?.[1] ?? "";
    const filename = /filename="([^"]*)"/.exec(part.headers)?.[1];
    if (name === "payload_json") body = JSON.parse(part.data.toString("utf8")) as Json;
    else if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(part.headers)?.[1] ?? "application/octet-stream";
      uploads.push({ field: name, filename, contentType: type.trim(), data: part.data });
    }
  }
  if (uploads.length > UPLOAD_LIMITS.files)
    throw new ApiError(400, 50035, "Invalid Form Body", {
      errors: { files: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 10 or fewer in length." }] } },
    });
  if (uploads.some((u) => u.data.length > UPLOAD_LIMITS.fileBytes)) throw new ApiError(413, 40005, "Request entity too large");
  return { body, uploads };
}

function parts(raw: Buffer, boundary: string): { headers: string; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const found: { headers: string; data: Buffer }[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = chunk.indexOf("\r\n\r\n");
    if (split !== -1) found.push({ headers: chunk.subarray(0, split).toString("utf8"), data: chunk.subarray(split + 4) });
    start = next;
  }
  return found;
}
