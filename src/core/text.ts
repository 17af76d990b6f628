/**
 * A person's name as plain text: no characters that could become a mention, a link or
 * formatting on any platform, so naming someone never pings them or breaks a message.
 */
export function plainName(name: string): string {
  return name.replace(/[<>@*_`~|]/g, "");
}

/** Private-use characters that open and close text a person wrote, inside the core's Markdown. */
const LITERAL_START = "\uE010";
const LITERAL_END = "\uE011";
const MARKERS = /[\uE010-\uE013]/g;
/** Private-use characters around a moment to show in each reader's own timezone (see readerTime). */
const TIME_START = "\uE012";
const TIME_END = "\uE013";
const TIME = /\uE012(\d+)\|(time|dateTime)\|([^\uE013]*)\uE013/g;

/**
 * Text a person wrote, to put inside the core's Markdown: marked, not changed. Each adapter
 * shows marked text exactly as it was written, in its platform's way, so it never becomes
 * formatting, a link or a mention there (Discord escapes with backslashes; Slack has no escapes,
 * see adapters/slack/mrkdwn.ts; the console prints it as it is).
 */
export function userText(text: string): string {
  return `${LITERAL_START}${text.replace(MARKERS, "")}${LITERAL_END}`;
}

/**
 * Applies `literal` to the text people wrote (marked by userText) and `markdown` to the rest.
 * A split message may hold half a span: an end with no start closes text that began earlier.
 */
export function mapUserText(text: string, literal: (written: string) => string, markdown: (core: string) => string): string {
  if (!text.includes(LITERAL_START) && !text.includes(LITERAL_END)) return markdown(text);
  const start = text.indexOf(LITERAL_START);
  const end = text.indexOf(LITERAL_END);
  let inLiteral = end !== -1 && (start === -1 || end < start);
  let out = "";
  for (const piece of text.split(/([\uE010\uE011])/)) {
    if (piece === LITERAL_START) inLiteral = true;
    else if (piece === LITERAL_END) inLiteral = false;
    else if (piece !== "") out += inLiteral ? literal(piece) : markdown(piece);
  }
  return out;
}

export type TimeStyle = "time" | "dateTime";

/**
 * A moment, shown in each reader's own timezone where the platform can (Discord `<t:…>`, Slack
 * `<!date^…>` render it on the reader's device), else in `timezone`, the zone the message is
 * written for (the reader's own for a private answer, the workspace's for a channel).
 */
export function readerTime(instant: Date, style: TimeStyle, timezone: string): string {
  const options: Intl.DateTimeFormatOptions =
    style === "time"
      ? { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
      : { timeZone: timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  const local = new Intl.DateTimeFormat("en-GB", options).format(instant).replace(",", "");
  return `${TIME_START}${Math.floor(instant.getTime() / 1000)}|${style}|${local} ${timezone}${TIME_END}`;
}

/** Replaces every readerTime in `text`: `render` gets the epoch seconds, the style and the written-out fallback. */
export function mapReaderTimes(text: string, render: (epochSeconds: number, style: TimeStyle, fallback: string) => string): string {
  return text.replace(TIME, (_m, epoch: string, style: TimeStyle, fallback: string) => render(Number(epoch), style, fallback));
}

/** The text with the marks taken out (times written out): for plain-text places (titles, labels, terminals). */
export function withoutMarks(text: string): string {
  return mapReaderTimes(text, (_epoch, _style, fallback) => fallback).replace(MARKERS, "");
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
