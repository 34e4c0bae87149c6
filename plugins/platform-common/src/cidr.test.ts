import {
  cidrContains,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  ipInCidr,
  isValidCidr,
  parseCidr,
  parseIpv4,
} from './cidr';

describe('parseIpv4 and formatIpv4', () => {
  it('round-trips the lowest, a middle and the highest address', () => {
    for (const ip of ['0.0.0.0', '10.1.2.3', '255.255.255.255']) {
      expect(formatIpv4(parseIpv4(ip))).toBe(ip);
    }
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
  });

  it('rejects octets above 255, leading zeros, and the wrong number of parts', () => {
    for (const bad of [
      '256.0.0.0',
      '10.01.0.0',
      '10.0.0',
      '10.0.0.0.0',
      'a.b.c.d',
      '',
    ]) {
      expect(() => parseIpv4(bad)).toThrow(/not an IPv4 address/);
    }
  });

  it('rejects values outside 32 bits when formatting', () => {
    expect(() => formatIpv4(2 ** 32)).toThrow();
    expect(() => formatIpv4(-1)).toThrow();
  });
});

describe('parseCidr', () => {
  it('parses a /16 and formats it back', () => {
    expect(parseCidr('10.1.0.0/16')).toEqual({
      address: 167837696,
      prefixLength: 16,
    });
    expect(formatCidr(parseCidr('10.1.0.0/16'))).toBe('10.1.0.0/16');
  });

  it('accepts the /0 and /32 extremes', () => {
    expect(parseCidr('0.0.0.0/0').prefixLength).toBe(0);
    expect(parseCidr('10.1.2.3/32').address).toBe(parseIpv4('10.1.2.3'));
  });

  it('rejects host bits and suggests the network address', () => {
    expect(() => parseCidr('10.1.2.0/16')).toThrow(
      /host bits set; did you mean 10\.1\.0\.0\/16/,
    );
  });

  it('rejects a missing or out-of-range prefix', () => {
    expect(isValidCidr('10.0.0.0')).toBe(false);
    expect(isValidCidr('10.0.0.0/33')).toBe(false);
    expect(isValidCidr('10.0.0.0/016')).toBe(false);
    expect(isValidCidr('10.0.0.0/16')).toBe(true);
  });
});

describe('cidrsOverlap', () => {
  it('finds nested and identical blocks overlapping', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.3.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.3.0.0/16', '10.0.0.0/8')).toBe(true);
    expect(cidrsOverlap('10.1.0.0/16', '10.1.0.0/16')).toBe(true);
  });

  it('treats adjacent blocks as disjoint', () => {
    expect(cidrsOverlap('10.1.0.0/16', '10.2.0.0/16')).toBe(false);
    expect(cidrsOverlap('10.1.255.0/24', '10.2.0.0/24')).toBe(false);
  });

  it('sees a block that shares only its last address', () => {
    expect(cidrsOverlap('10.1.0.0/16', '10.1.255.255/32')).toBe(true);
  });
});

describe('cidrContains and ipInCidr', () => {
  it('knows a /18 is inside its /16 but not the reverse', () => {
    expect(cidrContains('10.1.0.0/16', '10.1.64.0/18')).toBe(true);
    expect(cidrContains('10.1.64.0/18', '10.1.0.0/16')).toBe(false);
  });

  it('places addresses at both edges inside and the next one outside', () => {
    expect(ipInCidr('10.0.0.0', '10.0.0.0/16')).toBe(true);
    expect(ipInCidr('10.0.255.255', '10.0.0.0/16')).toBe(true);
    expect(ipInCidr('10.1.0.0', '10.0.0.0/16')).toBe(false);
  });
});
