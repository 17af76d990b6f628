import { PassThrough } from "node:stream";
import { createLogger, type Logger } from "../../src/core/logger.js";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A logger whose lines (JSON, at `level` and above) the test can read back. */
export function capturingLogger(level = "info"): { logger: Logger; lines: () => LogLine[]; atLeast: (min: number) => LogLine[] } {
  const stream = new PassThrough();
  const lines: LogLine[] = [];
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
  });
  return {
    logger: createLogger({ level, pretty: false, destination: stream }),
    lines: () => lines,
    atLeast: (min) => lines.filter((line) => line.level >= min),
  };
}
