import {
  catalogEntityName,
  hubEntityNames,
  MAX_ENTITY_NAME_LENGTH,
  spokeEntityNames,
} from './entityNames';

// The catalog's rule for metadata.name (KubernetesValidatorFunctions.isValidObjectName).
const VALID_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

describe('spokeEntityNames', () => {
  it('names the System after the spoke and suffixes its Resources', () => {
    expect(spokeEntityNames('dev')).toEqual({
      system: 'dev',
      eks: 'dev-eks',
      tgwAttachment: 'dev-tgw-attachment',
      aurora: 'dev-aurora',
    });
  });

  it('keeps names of the longest spoke (a 63-character label) valid and distinct', () => {
    const longest = `a${'b'.repeat(61)}c`;
    const other = `a${'b'.repeat(60)}cc`;
    const names = [
      ...Object.values(spokeEntityNames(longest)),
      ...Object.values(spokeEntityNames(other)),
    ];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_ENTITY_NAME_LENGTH);
      expect(name).toMatch(VALID_NAME);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('hubEntityNames', () => {
  it('names the hub Resources after the hub, zones by their DNS name', () => {
    const names = hubEntityNames('shared');
    expect([
      names.system,
      names.transitGateway,
      names.ecr,
      names.privateZone('dev.piksel.internal'),
    ]).toEqual([
      'shared',
      'shared-transit-gateway',
      'shared-ecr',
      'shared-zone-dev.piksel.internal',
    ]);
  });
});

describe('catalogEntityName', () => {
  it('returns a name that fits unchanged', () => {
    const exact = 'x'.repeat(MAX_ENTITY_NAME_LENGTH);
    expect(catalogEntityName(exact)).toBe(exact);
  });

  it('shortens a long name to a valid one with a stable hash, never ending on a separator', () => {
    const long = `shared-zone-${'a'.repeat(60)}.internal`;
    const name = catalogEntityName(long);
    expect(name).toHaveLength(MAX_ENTITY_NAME_LENGTH);
    expect(name).toMatch(VALID_NAME);
    expect(name).toMatch(/^shared-zone-a+-[0-9a-f]{8}$/);
    expect(catalogEntityName(long)).toBe(name);
    const cutAtDot = `${'a'.repeat(53)}.${'b'.repeat(20)}`;
    expect(catalogEntityName(cutAtDot)).toMatch(/^a{53}-[0-9a-f]{8}$/);
  });
});
