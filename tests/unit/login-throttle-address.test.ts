import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, normalizeAddress, trustedProxies, UNKNOWN_ADDRESS } from '@/lib/domain/login-throttle-address';

const none = trustedProxies([]);
const ingress = trustedProxies(['10.0.0.0/8', 'fd00::/8', '192.0.2.10']);

describe('client address from X-Forwarded-For', () => {
  it('without a proxy, the one entry Next.js put there is the peer', () => {
    expect(clientAddress('203.0.113.7', none)).toBe('203.0.113.7');
    expect(clientAddress('::1', none)).toBe('0:0:0:0:0:0:0:1');
    expect(clientAddress('::ffff:127.0.0.1', none)).toBe('127.0.0.1');
  });

  it('behind one proxy that appends, the rightmost entry is the client and what the client wrote is ignored', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7', none)).toBe('203.0.113.7');
    expect(clientAddress('1.1.1.1,2.2.2.2, 203.0.113.7', none)).toBe('203.0.113.7');
  });

  it('skips entries added by trusted proxies, reading from the right', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7, 10.1.2.3', ingress)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7, 192.0.2.10, 10.9.9.9', ingress)).toBe('203.0.113.7');
    expect(clientAddress('2001:db8::5, fd12::1', ingress)).toBe('2001:db8:0:0:0:0:0:5');
    // A forged entry left of the client is never reached.
    expect(clientAddress('10.0.0.1, 203.0.113.7, 10.1.2.3', ingress)).toBe('203.0.113.7');
  });

  it('a trusted proxy is only trusted as a proxy: one not on the list is the client', () => {
    expect(clientAddress('203.0.113.7, 192.0.2.11', ingress)).toBe('192.0.2.11');
  });

  it('when every entry is a trusted proxy, the leftmost is the client (a request from inside)', () => {
    expect(clientAddress('10.0.0.5, 10.1.2.3', ingress)).toBe('10.0.0.5');
  });

  it('no header, an empty one, or an entry that is no address: "unknown", one bucket for all such requests', () => {
    expect(clientAddress(null, none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress('', none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(' , ', none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress('203.0.113.7, garbage', none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress('203.0.113.7, unknown, 10.1.2.3', ingress)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['203.0.113.7:51234', '203.0.113.7'],
    ['[2001:db8::1]:443', '2001:db8:0:0:0:0:0:1'],
    ['[2001:DB8::1]', '2001:db8:0:0:0:0:0:1'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
    ['"203.0.113.7"', '203.0.113.7'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0:0:0:c000:221'],
  ])('%s → %s', (raw, address) => expect(normalizeAddress(raw)).toBe(address));

  it.each(['', 'unknown', '999.1.1.1', '1.2.3', 'example.com', '1.2.3.4.5', '2001:db8::1::2'])('%j is no address', (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });
});

describe('addressKey', () => {
  it('IPv4 as it is; IPv6 by its /64; unknown as unknown', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:0:0:1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(addressKey(UNKNOWN_ADDRESS)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('trustedProxies', () => {
  it('refuses what is not an address or a CIDR', () => {
    expect(() => trustedProxies(['10.0.0.0/8', 'ingress.local'])).toThrow('not an IP address or CIDR: ingress.local');
    expect(() => trustedProxies(['10.0.0.0/x'])).toThrow('not an IP address or CIDR');
  });
});
