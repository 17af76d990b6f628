/**
 * What a Slack client shows for a mrkdwn text, after Slack's documented rules
 * (docs.slack.dev "Formatting text for app surfaces"):
 * - `<…>` are control sequences: `<@U1>` and `<!here|channel|everyone>` and `<!subteam^S1>` ping,
 *   `<#C1|name>` names a channel, `<url|label>` is a link, and `<!date^ts^format|fallback>` shows
 *   its fallback as plain text when the format has no valid date token;
 * - `&amp;`, `&lt;` and `&gt;` are the only entities, and the only escapes: there is no backslash
 *   escape (a backslash is shown);
 * - `*bold*`, `_italic_`, `~strike~` and `` `code` `` need a word boundary outside the markers and
 *   text right inside them; a zero-width space is such a boundary (it turns formatting on);
 * - a line starting with `&gt;` is a quote.
 */
export interface SlackView {
  /** The characters a person reads, invisible ones (zero-width space, soft hyphen) left out. */
  text: string;
  /** Formatting Slack applied: the style and the text it applied to. */
  styled: { style: "bold" | "italic" | "strike" | "code" | "quote"; text: string }[];
  /** Mentions that notify someone: @person, @here, @channel, @everyone, a user group. */
  pings: string[];
}

const DATE_TOKENS = /\{(date_num|date|date_short|date_long|date_pretty|date_short_pretty|date_long_pretty|time|time_secs|ago)\}/;
const STYLES = { "*": "bold", _: "italic", "~": "strike", "`": "code" } as const;
/** Stands for a piece shown as plain text (a date fallback, a mention): a word character to the rules. */
const OPAQUE = "\uE100";

export function slackView(mrkdwn: string): SlackView {
  const styled: SlackView["styled"] = [];
  const pings: string[] = [];
  const opaque: string[] = [];
  const keep = (shown: string) => {
    opaque.push(shown);
    return `${OPAQUE}${opaque.length - 1}${OPAQUE}`;
  };
  let text = mrkdwn.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = "", label] = inner.split("|", 2) as [string, string | undefined];
    if (target.startsWith("!date^")) {
      const format = target.split("^")[2] ?? "";
      return keep(DATE_TOKENS.test(format) ? "(a date)" : decode(label ?? ""));
    }
    if (target.startsWith("@")) {
      pings.push(target);
      return keep(`@${label ?? target.slice(1)}`);
    }
    if (/^!(here|channel|everyone)$/.test(target) || target.startsWith("!subteam^")) {
      pings.push(target);
      return keep(`@${target.slice(1)}`);
    }
    if (target.startsWith("#")) return keep(`#${label ?? target.slice(1)}`);
    return keep(decode(label ?? target));
  });
  text = text.replace(/^([ \t]*)&gt;[ \t]?(.*)$/gm, (_m, _space: string, quoted: string) => {
    styled.push({ style: "quote", text: quoted });
    return quoted;
  });
  for (const [marker, style] of Object.entries(STYLES)) {
    const m = marker === "*" ? "\\*" : marker;
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}${OPAQUE}])${m}(?=[^\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}(?=$|[^\\p{L}\\p{N}${OPAQUE}])`, "gmu");
    text = text.replace(pattern, (_whole, before: string, inner: string) => {
      styled.push({ style, text: inner });
      return `${before}${inner}`;
    });
  }
  text = decode(text).replace(new RegExp(`${OPAQUE}(\\d+)${OPAQUE}`, "g"), (_m, i: string) => opaque[Number(i)] ?? "");
  return { text: text.replace(/[\u200B\u00AD]/g, ""), styled, pings };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Every mrkdwn text of a Block Kit message (sections, fields, context), in order. */
export function mrkdwnTexts(blocks: unknown[]): string[] {
  const texts: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record.type === "mrkdwn" && typeof record.text === "string") texts.push(record.text);
    for (const value of Object.values(record)) visit(value);
  };
  visit(blocks);
  return texts;
}
