import { checkVpcCidr } from './checkVpcCidr';

const used = [
  { cidr: '10.0.0.0/16', owner: 'hub shared' },
  { cidr: '10.1.0.0/16', owner: 'spoke dev' },
  { cidr: '100.64.0.0/16', owner: 'pod range of every spoke' },
];
const main = { name: 'main', cidrs: ['10.0.0.0/9', '10.128.0.0/10'] };

describe('checkVpcCidr', () => {
  it.each(['10.4.0.0/16', '10.4.0.0/18', '10.4.16.0/20'])(
    'accepts a free %s',
    cidr => {
      expect(checkVpcCidr(cidr, used)).toBeUndefined();
    },
  );

  it('accepts a block of the chosen size inside the chosen pool', () => {
    expect(
      checkVpcCidr('10.130.0.0/20', used, { size: 20, pool: main }),
    ).toBeUndefined();
  });

  it.each([
    [undefined, 'Enter a CIDR block such as 10.4.0.0/20'],
    ['10.4.0.0', "'10.4.0.0' is not an IPv4 CIDR block (a.b.c.d/n)"],
    [
      '10.4.0.1/16',
      "'10.4.0.1/16' has host bits set; did you mean 10.4.0.0/16?",
    ],
    ['10.0.0.0/8', '/8 is larger than AWS allows for a VPC (/16)'],
    [
      '10.4.0.0/24',
      '/24 is too small for the subnet plan; a spoke VPC is a /16 to /20',
    ],
    ['10.1.0.0/16', 'Overlaps spoke dev (10.1.0.0/16)'],
    ['100.64.0.0/16', 'Overlaps pod range of every spoke (100.64.0.0/16)'],
  ])('refuses %s: %s', (value, message) => {
    expect(checkVpcCidr(value, used)).toBe(message);
  });

  it('refuses a block of another size than the chosen one', () => {
    expect(checkVpcCidr('10.4.0.0/16', used, { size: 20 })).toBe(
      '/16 is not the chosen size /20',
    );
  });

  it('refuses a block outside the chosen pool', () => {
    expect(checkVpcCidr('172.16.0.0/20', used, { pool: main })).toBe(
      'Outside pool main (10.0.0.0/9, 10.128.0.0/10)',
    );
  });
});
