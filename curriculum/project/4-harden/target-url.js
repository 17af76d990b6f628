// Stage 4: what a link may point at. A target is stored only if it is a plain http(s) address on
// the public internet: not this service, not a private network, not the cloud metadata endpoint.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { HttpError } from "../1-run/http.js";

/** Special-purpose ranges (the IANA registries): loopback, private, link-local, CGNAT, multicast... */
const reserved = new BlockList();
const ranges = {
  ipv4: "0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 192.0.0.0/24 192.0.2.0/24 192.88.99.0/24 192.168.0.0/16 198.18.0.0/15 198.51.100.0/24 203.0.113.0/24 224.0.0.0/3",
  // ::/96 holds :: and ::1; NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32) can carry
  // a private IPv4 address inside. IPv4-mapped addresses (::ffff:10.0.0.1) match the IPv4 rules.
  ipv6: "::/96 64:ff9b::/96 64:ff9b:1::/48 100::/64 2001::/23 2001:db8::/32 2002::/16 fc00::/7 fe80::/10 fec0::/10 ff00::/8",
};
for (const family of /** @type {const} */ (["ipv4", "ipv6"])) {
  for (const cidr of ranges[family].split(" ")) {
    const [network = "", prefix] = cidr.split("/");
    reserved.addSubnet(network, Number(prefix), family);
  }
}

/**
 * Every address the host resolves to now. A name that does not resolve within 2 s is refused.
 * @param {string} host a name or an IP literal (IPv6 without brackets)
 * @returns {Promise<{ address: string, family: number }[]>}
 */
async function addresses(host) {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  /** @type {Promise<never>} */
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref());
  return Promise.race([lookup(host, { all: true }), timeout]).catch(() => {
    throw new HttpError(400, `url: ${host} does not resolve`);
  });
}

/**
 * The target to store (normalised, so "http://0x7f000001/" is seen as 127.0.0.1), or a 400.
 *
 * This runs when the link is made. If the service ever fetches a target (a preview, a malware
 * scan), check again at connect time, on the address actually dialled: the name's owner can
 * point it somewhere else after this check (DNS rebinding).
 * @param {unknown} raw
 * @param {string} publicUrl this service's own address: a link to a short link would chain them
 */
export async function checkTarget(raw, publicUrl) {
  if (typeof raw !== "string" || raw.length > 2048) throw new HttpError(400, "url: give an address of at most 2048 characters");
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpError(400, "url: not a valid address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new HttpError(400, "url: only http and https addresses");
  // "https://bank.example@evil.example/" reads as the bank but leads to evil.example.
  if (url.username || url.password) throw new HttpError(400, "url: no user name or password in the address");
  if (url.host === new URL(publicUrl).host) throw new HttpError(400, "url: a short link cannot lead to another short link");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  for (const { address, family } of await addresses(host)) {
    if (reserved.check(address, family === 6 ? "ipv6" : "ipv4")) throw new HttpError(400, `url: ${url.hostname} is on a private or reserved network`);
  }
  return url.href;
}
