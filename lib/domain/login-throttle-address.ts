// Which address a sign-in comes from, for throttling by client address.
//
// Next.js hands route handlers and server actions no socket address: `next start` (base-server,
// Next 16) only fills `X-Forwarded-For` with the connection's address when the request has no
// such header (`headers['x-forwarded-for'] ??= socket.remoteAddress`). So the header is all
// Berth sees: without a proxy its one entry is the peer; behind proxies that append to it, the
// entries from the right are what each proxy saw, and the first one not added by a trusted
// proxy is the client (docs/security.md says what a proxy must pass).
import { BlockList, isIP } from 'node:net';

/** The bucket for requests whose header names no usable address. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Reverse proxies in front of Berth, from `BERTH_TRUSTED_PROXIES` (addresses or CIDRs). */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(ip) || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw new Error(`not an IP address or CIDR: ${entry}`);
    if (bits === undefined) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(bits), family);
  }
  return list;
}

const V4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One X-Forwarded-For entry as a bare address: ports, brackets and zones gone, IPv4-mapped IPv6 as IPv4; null if it is no address. */
export function normalizeAddress(raw: string): string | null {
  let s = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped) s = mapped[1]!;
  if (!isIP(s)) return null;
  return V4.test(s) ? s : canonicalV6(s);
}

/** The eight groups of an IPv6 address, without leading zeros. */
function groupsV6(s: string): string[] {
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    s = `${s.slice(0, -tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const middle = rest === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

function canonicalV6(s: string): string {
  return groupsV6(s).join(':');
}

/**
 * The key an address is throttled under: IPv4 as it is; IPv6 by its /64, the smallest block a
 * site is handed, so one host cannot walk through 2^64 addresses of its own to dodge the count.
 */
export function addressKey(address: string): string {
  if (address === UNKNOWN_ADDRESS || V4.test(address)) return address;
  return `${groupsV6(address).slice(0, 4).join(':')}::/64`;
}

/**
 * The client's address from `X-Forwarded-For`: entries are read from the right, skipping those
 * trusted proxies added; the first other one is the client. If every entry is a trusted proxy,
 * the leftmost is. An entry that is no address stops the walk (nothing left of it can be
 * trusted) and counts as `unknown`, as does a missing header.
 */
export function clientAddress(forwardedFor: string | null | undefined, trusted: BlockList): string {
  const entries = (forwardedFor ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = normalizeAddress(entries[i]!);
    if (!address) return UNKNOWN_ADDRESS;
    if (i === 0 || !trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return address;
  }
  return UNKNOWN_ADDRESS;
}
