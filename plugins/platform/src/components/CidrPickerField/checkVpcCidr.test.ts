import { checkVpcCidr } from './checkVpcCidr';

const used = [
  { cidr: '10.0.0.0/16', owner: 'hub shared' },
  { cidr: '10.1.0.0/16', owner: 'spoke dev' },
  { cidr: '100.64.0.0/16', owner: 'pod range of every spoke' },
];

describe('checkVpcCidr', () => {
  it('accepts a free /16', () => {
    expect(checkVpcCidr('10.4.0.0/16', used)).toBeUndefined();
  });

  it.each([
    [undefined, 'Enter a CIDR block such as 10.4.0.0/16'],
    ['10.4.0.0', "'10.4.0.0' is not an IPv4 CIDR block (a.b.c.d/n)"],
    [
      '10.4.0.1/16',
      "'10.4.0.1/16' has host bits set; did you mean 10.4.0.0/16?",
    ],
    ['10.0.0.0/8', '/8 is larger than AWS allows for a VPC (/16)'],
    ['10.4.0.0/20', '/20 is too small for the subnet plan; it needs a /16'],
    ['10.1.0.0/16', 'Overlaps spoke dev (10.1.0.0/16)'],
    ['100.64.0.0/16', 'Overlaps pod range of every spoke (100.64.0.0/16)'],
  ])('refuses %s: %s', (value, message) => {
    expect(checkVpcCidr(value, used)).toBe(message);
  });
});
