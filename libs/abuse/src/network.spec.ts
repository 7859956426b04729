import { emailDomain, expandIPv6, networkOf } from './network';

describe('networkOf', () => {
  it('groups IPv4 addresses by /24', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.0/24');
    expect(networkOf('203.0.113.250')).toBe(networkOf('203.0.113.1'));
    expect(networkOf('203.0.114.1')).not.toBe(networkOf('203.0.113.1'));
  });

  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
  });

  it('groups IPv6 addresses by /64 whatever their spelling', () => {
    expect(networkOf('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(networkOf('2001:0db8:0000:0001:ffff:0:0:1')).toBe('2001:db8:0:1::/64');
    expect(networkOf('2001:db8:0:2::5')).not.toBe(networkOf('2001:db8:0:1::5'));
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
  });

  it('ignores what is not an address', () => {
    expect(networkOf(undefined)).toBeUndefined();
    expect(networkOf('localhost')).toBeUndefined();
    expect(networkOf('1.2.3')).toBeUndefined();
  });

  it('expands embedded dotted quads', () => {
    expect(expandIPv6('64:ff9b::192.0.2.33')).toEqual(['64', 'ff9b', '0', '0', '0', '0', 'c000', '221']);
  });
});

describe('emailDomain', () => {
  it('lower-cases and strips a trailing dot', () => {
    expect(emailDomain('A@Example.ORG.')).toBe('example.org');
    expect(emailDomain('"a@b"@mailinator.com')).toBe('mailinator.com');
    expect(emailDomain('nobody')).toBeUndefined();
  });
});
