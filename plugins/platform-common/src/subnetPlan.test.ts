import { cidrContains, cidrsOverlap, parseCidr } from './cidr';
import {
  minimumVpcPrefix,
  planSubnets,
  subnetPrefixes,
  VPC_PREFIXES,
} from './subnetPlan';

describe('subnetPrefixes', () => {
  it('scales the subnets with the VPC: a quarter private, a 256th public and database, at least /27', () => {
    expect(VPC_PREFIXES.map(p => [p, subnetPrefixes(p)])).toEqual([
      [16, { private: 18, public: 24, database: 24 }],
      [17, { private: 19, public: 25, database: 25 }],
      [18, { private: 20, public: 26, database: 26 }],
      [19, { private: 21, public: 27, database: 27 }],
      [20, { private: 22, public: 27, database: 27 }],
    ]);
  });

  it.each([15, 21, 24])('refuses a /%s VPC', prefix => {
    expect(() => subnetPrefixes(prefix)).toThrow(
      `a spoke VPC must be a /16 to /20, got /${prefix}`,
    );
  });
});

describe('planSubnets', () => {
  it('lays out a 3-AZ /16 as private /18s, then public /24s, then database /24s', () => {
    expect(planSubnets('10.3.0.0/16', 3)).toEqual({
      vpcCidr: '10.3.0.0/16',
      azCount: 3,
      prefixes: { private: 18, public: 24, database: 24 },
      private: ['10.3.0.0/18', '10.3.64.0/18', '10.3.128.0/18'],
      public: ['10.3.192.0/24', '10.3.193.0/24', '10.3.194.0/24'],
      database: ['10.3.195.0/24', '10.3.196.0/24', '10.3.197.0/24'],
    });
  });

  it('lays out a 2-AZ /16 with the /24s right after the two /18s', () => {
    expect(planSubnets('10.1.0.0/16', 2)).toMatchObject({
      private: ['10.1.0.0/18', '10.1.64.0/18'],
      public: ['10.1.128.0/24', '10.1.129.0/24'],
      database: ['10.1.130.0/24', '10.1.131.0/24'],
    });
  });

  it('fits a /20 with three AZs: private /22s, public and database /27s', () => {
    expect(planSubnets('10.9.16.0/20', 3)).toEqual({
      vpcCidr: '10.9.16.0/20',
      azCount: 3,
      prefixes: { private: 22, public: 27, database: 27 },
      private: ['10.9.16.0/22', '10.9.20.0/22', '10.9.24.0/22'],
      public: ['10.9.28.0/27', '10.9.28.32/27', '10.9.28.64/27'],
      database: ['10.9.28.96/27', '10.9.28.128/27', '10.9.28.160/27'],
    });
  });

  describe.each(VPC_PREFIXES.flatMap(p => [2, 3].map(az => [p, az])))(
    'a /%s with %s AZs',
    (prefix, azCount) => {
      const plan = planSubnets(`172.20.0.0/${prefix}`, azCount);
      const all = [...plan.private, ...plan.public, ...plan.database];

      it('has one subnet of each kind per AZ, sized by subnetPrefixes', () => {
        const sizes = subnetPrefixes(prefix);
        for (const kind of ['private', 'public', 'database'] as const) {
          expect(plan[kind]).toHaveLength(azCount);
          for (const cidr of plan[kind]) {
            expect(parseCidr(cidr).prefixLength).toBe(sizes[kind]);
          }
        }
      });

      it('keeps every subnet inside the VPC and apart from the others', () => {
        for (const [i, a] of all.entries()) {
          expect(cidrContains(plan.vpcCidr, a)).toBe(true);
          for (const b of all.slice(i + 1)) {
            expect(cidrsOverlap(a, b)).toBe(false);
          }
        }
      });
    },
  );

  it('says which subnet does not fit when there are too many AZs', () => {
    expect(() => planSubnets('10.1.0.0/16', 4)).toThrow(
      /10\.1\.0\.0\/16 is too small for the subnet plan of 4 AZs \(per AZ: private \/18, public \/24, database \/24\); public subnet 1 \(\/24\) does not fit/,
    );
  });

  it('refuses a VPC outside /16 to /20', () => {
    expect(() => planSubnets('10.1.0.0/21', 2)).toThrow(
      'a spoke VPC must be a /16 to /20, got /21',
    );
    expect(() => planSubnets('10.0.0.0/15', 2)).toThrow(/got \/15/);
  });

  it('rejects a zero or fractional AZ count and a malformed block', () => {
    expect(() => planSubnets('10.1.0.0/16', 0)).toThrow(
      /azCount must be a positive integer/,
    );
    expect(() => planSubnets('10.1.0.0/16', 1.5)).toThrow(/azCount/);
    expect(() => planSubnets('10.1.0.1/16', 2)).toThrow(/host bits/);
  });

  it('fits 2 and 3 AZs in the smallest size, a /20, and 4 AZs in none', () => {
    expect(minimumVpcPrefix(2)).toBe(20);
    expect(minimumVpcPrefix(3)).toBe(20);
    expect(() => minimumVpcPrefix(4)).toThrow(
      'no spoke VPC size holds a plan for 4 AZs',
    );
  });
});
