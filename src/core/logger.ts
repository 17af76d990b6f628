import pino, { type Logger } from "pino";

export type { Logger };

/** Paths that may hold secrets; pino replaces them before a line is written. */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "signingSecret",
  "*.signingSecret",
  "clientSecret",
  "*.clientSecret",
  "password",
  "*.password",
  "config.DATABASE_URL",
];

export interface LoggerOptions {
  level: string;
  /** Pretty, human-readable lines (a terminal); JSON otherwise. */
  pretty: boolean;
  /** Where lines go; stderr by default so stdout stays the console conversation. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { destination: 2, colorize: true, ignore: "pid,hostname" } },
    });
  }
  return pino(base, (options.destination ?? process.stderr) as pino.DestinationStream);
}

export const silentLogger: Logger = pino({ level: "silent" });
