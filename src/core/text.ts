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

/**
 * A count with its noun, in the right number: "1 lesson", "2 lessons", "1 person", "3 people".
 * Every count the bot shows goes through here, so "1 lessons" cannot come back.
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * Words the bot quotes (a title, an option, what someone typed), in curly quotes that do not
 * collide with quotes inside them: “text”, or ‘text’ when the text holds double quotes, so a
 * title like `"Backend" is relative` reads ‘"Backend" is relative’, never `""Backend" is relative"`.
 */
export function quoted(text: string): string {
  return /["“”]/.test(text) ? `‘${text}’` : `“${text}”`;
}
