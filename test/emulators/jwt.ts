import { createSign, generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from "node:crypto";

/** An RS256 signing key with its public JWK: what an OpenID provider publishes at its jwks_uri. */
export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  readonly kid = randomBytes(6).toString("hex");
  readonly jwk: JsonWebKey;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" };
  }

  sign(claims: Record<string, unknown>): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const input = `${encode({ alg: "RS256", typ: "JWT", kid: this.kid })}.${encode(claims)}`;
    return `${input}.${createSign("RSA-SHA256").update(input).sign(this.privateKey).toString("base64url")}`;
  }
}
