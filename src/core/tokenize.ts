import { UserError } from "./errors.js";

/**
 * Splits a command line into tokens. Double or single quotes group words
 * ("Europe/Berlin", 'my goal here'); a backslash escapes the next character inside quotes.
 */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let quote: '"' | "'" | "“" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote) {
      const closes = quote === "“" ? char === "”" : char === quote;
      if (closes) {
        quote = null;
      } else if (char === "\\" && i + 1 < line.length) {
        current += line[++i];
      } else {
        current += char;
      }
    } else if (char === '"' || char === "'" || char === "“") {
      quote = char;
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (quote) throw new UserError("unclosed_quote", "A quote is not closed: add the closing quote and try again.");
  if (inToken) tokens.push(current);
  return tokens;
}
