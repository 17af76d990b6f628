import { createSign, generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from "node:crypto";

let rsaKeys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/**
 * One RSA key pair per process, made when first needed: making one costs 100-300 ms of CPU, and
 * every emulator of a test run made its own. Each signer still has its own key id, which is how
 * a verifier picks the key: a token of another emulator names a key id this one never published.
 */
function rsaKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  rsaKeys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return rsaKeys;
}

/** An RS256 signing key with its public JWK: what an OpenID provider publishes at its jwks_uri. */
export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  readonly kid = randomBytes(6).toString("hex");
  readonly jwk: JsonWebKey;

  constructor() {
    const { privateKey, publicKey } = rsaKeyPair();
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" };
  }

  sign(claims: Record<string, unknown>): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const input = `${encode({ alg: "RS256", typ: "JWT", kid: this.kid })}.${encode(claims)}`;
    return `${input}.${createSign("RSA-SHA256").update(input).sign(this.privateKey).toString("base64url")}`;
  }
}
