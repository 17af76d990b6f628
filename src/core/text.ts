/**
 * A person's name as plain text: no characters that could become a mention, a link or
 * formatting on any platform, so naming someone never pings them or breaks a message.
 */
export function plainName(name: string): string {
  return name.replace(/[<>@*_`~|]/g, "");
}

/**
 * Text a person wrote, made safe to put inside the core's Markdown: formatting characters are
 * escaped so it cannot break the message around it, and platform mention syntax (<!channel>,
 * <@U1>, @everyone, @here) is defused so it never pings anyone.
 */
export function userText(text: string): string {
  return text
    .replace(/[\\`*_~|>[\]]/g, (c) => `\\${c}`)
    .replace(/</g, "‹")
    .replace(/@(everyone|here|channel)\b/gi, "@\u200b$1");
}
