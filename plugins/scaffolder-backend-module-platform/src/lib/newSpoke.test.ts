import { fixtures } from '@internal/plugin-platform-common';
import {
  availabilityZonesFor,
  checkSpokeName,
  defaultPrivateZones,
  formatInputIssue,
  inputForField,
  MAX_SPOKE_NAME_LENGTH,
} from './newSpoke';

describe('inputForField', () => {
  it.each([
    ['network.cidr', 'cidr'],
    ['network.availabilityZones.1', 'azCount'],
    ['eks.nodeGroup.instanceTypes.0', 'nodeInstanceType'],
    ['aurora.deletionProtection', 'deletionProtection'],
    ['account', 'account'],
    ['', '(input)'],
  ])('maps the registry field %s to the form input %s', (field, input) => {
    expect(inputForField(field)).toBe(input);
  });
});

describe('formatInputIssue', () => {
  it('names the form input, the registry field when it differs, and the rule', () => {
    expect(
      formatInputIssue({
        input: 'cidr',
        field: 'network.cidr',
        rule: 'cidr-overlap',
        message: 'x',
      }),
    ).toBe('cidr (network.cidr) [cidr-overlap] x');
    expect(
      formatInputIssue({
        input: 'account',
        field: 'account',
        rule: 'format',
        message: 'y',
      }),
    ).toBe('account [format] y');
  });
});

describe('checkSpokeName', () => {
  it('accepts a lower-case name that fits every derived AWS name', () => {
    expect(checkSpokeName('a'.repeat(MAX_SPOKE_NAME_LENGTH))).toEqual([]);
  });

  it('names each broken name rule', () => {
    expect(checkSpokeName('Q--A').map(i => i.rule)).toEqual([
      'name-lowercase',
      'name-fits-aws-names',
    ]);
    expect(checkSpokeName('a'.repeat(64)).map(i => i.rule)).toEqual([
      'name-length',
    ]);
    expect(checkSpokeName('a'.repeat(57)).map(i => i.rule)).toEqual([
      'name-fits-aws-names',
    ]);
  });

  it('leaves a missing or non-string name to the schema', () => {
    expect(checkSpokeName(undefined)).toEqual([]);
    expect(checkSpokeName(42)).toEqual([]);
  });
});

describe('defaultPrivateZones', () => {
  const hub = fixtures.registry().hub;

  it("joins the hub's root zone, and the spoke's own zone when the hub has it", () => {
    expect(defaultPrivateZones(hub, 'qa')).toEqual(['piksel.internal']);
    expect(defaultPrivateZones(hub, 'staging')).toEqual([
      'piksel.internal',
      'staging.piksel.internal',
    ]);
  });
});

describe('availabilityZonesFor', () => {
  it('names zones explicitly so synth never looks them up', () => {
    expect(availabilityZonesFor('ap-southeast-3', 3)).toEqual([
      'ap-southeast-3a',
      'ap-southeast-3b',
      'ap-southeast-3c',
    ]);
  });

  it('gives none for a count that is not a whole number', () => {
    expect(availabilityZonesFor('ap-southeast-3', 2.5)).toEqual([]);
  });
});
