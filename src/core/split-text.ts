/**
 * Splits Markdown into pieces of at most `max` characters without cutting a word: first at
 * paragraph breaks, then at line breaks, then at spaces. A code fence cut in two is closed at
 * the end of one piece and reopened at the start of the next, so each piece renders alone.
 */
export function splitMarkdown(text: string, max: number): string[] {
  if (max < 40) throw new Error("splitMarkdown: max must be at least 40");
  const pieces: string[] = [];
  let current = "";
  for (const paragraph of text.split(/\n{2,}/)) {
    const candidate = current ? `${current}\n\n${paragraph}` : paragraph;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    current = "";
    if (paragraph.length <= max) {
      current = paragraph;
    } else {
      const parts = splitLong(paragraph, max);
      pieces.push(...parts.slice(0, -1));
      current = parts.at(-1) ?? "";
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function splitLong(paragraph: string, max: number): string[] {
  const fence = /^```(\w*)/.exec(paragraph);
  // Room for reopening and closing a fence in every piece of a code block.
  const budget = fence ? max - 8 - (fence[1]?.length ?? 0) : max;
  const parts: string[] = [];
  let current = "";
  for (const line of paragraph.split("\n")) {
    for (const chunk of line.length <= budget ? [line] : splitWords(line, budget)) {
      const candidate = current ? `${current}\n${chunk}` : chunk;
      if (candidate.length <= budget) {
        current = candidate;
      } else {
        parts.push(current);
        current = chunk;
      }
    }
  }
  if (current) parts.push(current);
  if (!fence) return parts;
  const open = `\`\`\`${fence[1] ?? ""}`;
  return parts.map((part, i) => {
    const start = i === 0 ? part : `${open}\n${part}`;
    return i === parts.length - 1 ? start : `${start}\n\`\`\``;
  });
}

function splitWords(line: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    // A single "word" longer than the limit (a URL, a hash) is the one place a cut is unavoidable.
    const pieces = word.length > max ? (word.match(new RegExp(`.{1,${max}}`, "g")) ?? []) : [word];
    for (const piece of pieces) {
      const candidate = current ? `${current} ${piece}` : piece;
      if (candidate.length <= max) current = candidate;
      else {
        chunks.push(current);
        current = piece;
      }
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
