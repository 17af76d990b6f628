import { randomBytes } from "node:crypto";

/** Short codes are 8 characters of base64url: 6 random bytes, 2^48 possible codes. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{8}$/;

/**
 * A new random short code. Random rather than sequential, so codes cannot be enumerated: with a
 * million links, a guessed code finds one about once in 280 million tries.
 * @returns {string}
 */
export function newCode() {
  return randomBytes(6).toString("base64url");
}
