import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, loadConfig, withEnvFile } from "../../src/config.js";

function envFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "mentor-env-")), ".env");
  writeFileSync(file, content);
  return file;
}

describe(".env", () => {
  it("supplies settings the environment does not set", () => {
    const file = envFile('CONSOLE_USER=alice\n# a comment\nDEFAULT_TIMEZONE="Europe/Lisbon"\n');
    const config = loadConfig(withEnvFile({}, file));
    expect(config.CONSOLE_USER).toBe("alice");
    expect(config.DEFAULT_TIMEZONE).toBe("Europe/Lisbon");
  });

  it("loses to the real environment, even to a variable set empty", () => {
    const file = envFile("CONSOLE_USER=alice\nPORT=4000\nLOG_LEVEL=debug\n");
    const config = loadConfig(withEnvFile({ CONSOLE_USER: "bob", LOG_LEVEL: "" }, file));
    expect(config.CONSOLE_USER).toBe("bob");
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBeUndefined();
  });

  it("is optional, and a wrong value in it is named like one in the environment", () => {
    expect(withEnvFile({ PORT: "1" }, path.join(tmpdir(), "no-such-dir-mentor", ".env"))).toEqual({ PORT: "1" });
    expect(() => loadConfig(withEnvFile({}, envFile("PORT=abc\n")))).toThrow(ConfigError);
    expect(() => loadConfig(withEnvFile({}, envFile("PORT=abc\n")))).toThrow(/Setting PORT is invalid/);
  });

  it("refuses an unreadable file in one sentence", () => {
    expect(() => withEnvFile({}, tmpdir())).toThrow(/Could not read the settings file/);
  });

  it(".env.example lists every setting the bot reads, and nothing else", () => {
    const example = parseEnv(readFileSync(new URL("../../.env.example", import.meta.url), "utf8"));
    expect(Object.keys(example).sort()).toEqual(Object.keys(configSchema.shape).sort());
    // Copied as it is, it starts the console bot: every value in it is valid.
    expect(() => loadConfig(example)).not.toThrow();
  });
});
