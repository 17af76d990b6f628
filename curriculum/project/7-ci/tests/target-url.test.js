import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkTarget } from "../../4-harden/target-url.js";

const check = (/** @type {unknown} */ raw) => checkTarget(raw, "https://short.test");

describe("a link's target", () => {
  it("may be a public http or https address, stored normalised", async () => {
    assert.equal(await check("https://1.1.1.1/a b?q=1"), "https://1.1.1.1/a%20b?q=1");
    assert.equal(await check("http://[2606:4700:4700::1111]:8080/"), "http://[2606:4700:4700::1111]:8080/");
  });

  for (const [raw, why] of [
    ["http://127.0.0.1/", "loopback"],
    ["http://0x7f000001/", "loopback written in hex"],
    ["http://localhost/", "a name for loopback"],
    ["http://169.254.169.254/latest/meta-data/", "the cloud metadata endpoint"],
    ["http://[::ffff:169.254.169.254]/", "metadata as an IPv4-mapped IPv6 address"],
    ["http://[64:ff9b::a9fe:a9fe]/", "metadata through NAT64"],
    ["http://10.1.2.3/", "a private network"],
    ["http://[fd00::1]/", "an IPv6 unique local address"],
    ["https://bank.example@1.1.1.1/", "a user name that disguises the host"],
    ["https://short.test/abcdefgh", "another short link"],
    ["ftp://1.1.1.1/", "FTP"],
    ["javascript:alert(1)", "a javascript: URL"],
    [`https://1.1.1.1/${"a".repeat(2048)}`, "too long"],
    [42, "not a string"],
  ]) {
    it(`is refused when it is ${why}`, async () => {
      await assert.rejects(check(raw), { status: 400 });
    });
  }
});
