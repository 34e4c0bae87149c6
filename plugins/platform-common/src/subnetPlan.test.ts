import { minimumVpcPrefix, planSubnets } from './subnetPlan';
import { cidrContains, cidrsOverlap } from './cidr';

describe('planSubnets', () => {
  it('lays out a 3-AZ /16 as private /18s, then public /24s, then database /24s', () => {
    expect(planSubnets('10.3.0.0/16', 3)).toEqual({
      vpcCidr: '10.3.0.0/16',
      azCount: 3,
      private: ['10.3.0.0/18', '10.3.64.0/18', '10.3.128.0/18'],
      public: ['10.3.192.0/24', '10.3.193.0/24', '10.3.194.0/24'],
      database: ['10.3.195.0/24', '10.3.196.0/24', '10.3.197.0/24'],
    });
  });

  it('lays out a 2-AZ /16 with the /24s right after the two /18s', () => {
    expect(planSubnets('10.1.0.0/16', 2)).toEqual({
      vpcCidr: '10.1.0.0/16',
      azCount: 2,
      private: ['10.1.0.0/18', '10.1.64.0/18'],
      public: ['10.1.128.0/24', '10.1.129.0/24'],
      database: ['10.1.130.0/24', '10.1.131.0/24'],
    });
  });

  it('keeps every subnet inside the VPC and apart from the others', () => {
    const plan = planSubnets('10.7.0.0/16', 3);
    const all = [...plan.private, ...plan.public, ...plan.database];
    for (const [i, a] of all.entries()) {
      expect(cidrContains(plan.vpcCidr, a)).toBe(true);
      for (const b of all.slice(i + 1)) expect(cidrsOverlap(a, b)).toBe(false);
    }
  });

  it('rejects a /20 as too small and says a /16 is needed', () => {
    expect(() => planSubnets('10.1.0.0/20', 2)).toThrow(
      /10\.1\.0\.0\/20 is too small for the subnet plan of 2 AZs.*private subnet 1 \(\/18\) does not fit.*Use a \/16 or larger/,
    );
  });

  it('rejects a /17 where the private subnets fit but the public ones do not', () => {
    expect(() => planSubnets('10.1.0.0/17', 2)).toThrow(
      /public subnet 1 \(\/24\) does not fit/,
    );
  });

  it('rejects a zero or fractional AZ count and a malformed block', () => {
    expect(() => planSubnets('10.1.0.0/16', 0)).toThrow(
      /azCount must be a positive integer/,
    );
    expect(() => planSubnets('10.1.0.0/16', 1.5)).toThrow(/azCount/);
    expect(() => planSubnets('10.1.0.1/16', 2)).toThrow(/host bits/);
  });

  it('needs a /16 for both 2 and 3 AZs and a /15 beyond four', () => {
    expect(minimumVpcPrefix(2)).toBe(16);
    expect(minimumVpcPrefix(3)).toBe(16);
    expect(minimumVpcPrefix(5)).toBe(15);
  });
});
