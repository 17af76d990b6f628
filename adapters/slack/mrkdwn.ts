/**
 * The core's Markdown to Slack mrkdwn. Slack parses `<…>` as links and mentions and `&` as the
 * start of an entity, so every `&`, `<` and `>` of the source is escaped first: a person who
 * types `<!channel>` or `<@U123>` gets those characters shown, never a broadcast or a ping.
 * Only links the core wrote as `[text](https://…)` become `<url|text>`.
 */

/** Escapes text for any mrkdwn field (also the top-level `text` fallback). */
export function escapeMrkdwn(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Bare @channel/@here/@everyone only ping with link_names, which we never set; a zero-width
      // space keeps them inert even if a client parses them.
      .replace(/@(channel|here|everyone)\b/gi, "@\u200B$1")
  );
}

const FENCE = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE = /`[^`\n]+`/g;

/** Converts Markdown to mrkdwn, leaving code spans and fences as they are (escaped). */
export function toMrkdwn(markdown: string): string {
  return mapOutside(markdown, FENCE, (prose) => mapOutside(prose, INLINE_CODE, convertProse, escapeCode), escapeCode);
}

function escapeCode(code: string): string {
  // Broadcast words are defused here too: an unclosed fence in what a person typed runs to the
  // end of the message, and Slack does not treat it as code.
  return code
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, "@\u200B$1");
}

/** Applies `outside` to the text between matches of `pattern` and `inside` to the matches. */
function mapOutside(text: string, pattern: RegExp, outside: (s: string) => string, inside: (s: string) => string): string {
  let result = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    result += outside(text.slice(last, match.index)) + inside(match[0]);
    last = match.index + match[0].length;
  }
  return result + outside(text.slice(last));
}

/** Private-use characters mark converted bold and set-aside links while other rules run. */
const BOLD_MARK = "\uE000";
const LINK_MARK = "\uE001";

function convertProse(text: string): string {
  const links: string[] = [];
  // Links first, kept aside so their URLs are not touched by emphasis rules.
  const withoutLinks = text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
    if (!/^(https?:\/\/|mailto:)/i.test(url) || /[|<>]/.test(url)) return whole;
    links.push(`<${url.replace(/&/g, "&amp;")}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`);
    return `${LINK_MARK}${links.length - 1}${LINK_MARK}`;
  });
  return escapeMrkdwn(withoutLinks)
    .replace(/^#{1,6}\s+(.+)$/gm, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/\*\*(.+?)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/__(.+?)__/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/^(\s*)[-*+]\s+/gm, "$1• ")
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1_$2_")
    .replace(/~~(.+?)~~/g, "~$1~")
    .replace(new RegExp(BOLD_MARK, "g"), "*")
    .replace(new RegExp(`${LINK_MARK}(\\d+)${LINK_MARK}`, "g"), (_m, i: string) => links[Number(i)] ?? "");
}
