import { Writable } from "node:stream";
import pino from "pino";

/** A JSON logger whose lines are kept, parsed, for assertions on what was logged and how. */
export function capturingLogger(level = "info"): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
