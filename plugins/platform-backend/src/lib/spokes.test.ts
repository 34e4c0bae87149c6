import { Entity } from '@backstage/catalog-model';
import { fixtures } from '@internal/plugin-platform-common';
import { entitiesFromRegistry } from '../__testUtils__/entities';
import { targetsFromEntities } from './spokes';

describe('targetsFromEntities', () => {
  it('reads the hub and each spoke from their System annotations', () => {
    const { hub, spokes } = targetsFromEntities(
      entitiesFromRegistry(fixtures.registry()),
    );
    expect(hub).toEqual({
      name: 'shared',
      entityRef: 'system:default/shared',
      accountId: '111122223333',
      region: 'ap-southeast-3',
      transitGatewayId: 'tgw-0123456789abcdef0',
    });
    expect(spokes.map(s => s.name)).toEqual(['dev', 'prod', 'staging']);
    expect(spokes[2]).toEqual({
      name: 'staging',
      entityRef: 'system:default/staging',
      accountId: '333344445555',
      region: 'ap-southeast-3',
      environmentClass: 'non-prod',
      owner: 'group:default/storefront-team',
      eksClusterName: 'staging',
      dbClusterIdentifier: 'staging-aurora',
      tgwAttachmentId: undefined,
      vpcCidr: '10.2.0.0/16',
      problems: [],
    });
  });

  it('reads the owner as a full group ref, however the entity spells it', () => {
    const [, dev, prod] = entitiesFromRegistry(fixtures.registry());
    dev.spec = { owner: 'payments-team' };
    prod.spec = {};
    const spokes = targetsFromEntities([dev, prod]).spokes;
    expect(spokes.map(s => [s.name, s.owner])).toEqual([
      ['dev', 'group:default/payments-team'],
      ['prod', undefined],
    ]);
  });

  it('ignores entities that are not platform Systems', () => {
    const other: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations: { 'platform.io/spoke': 'x' } },
    };
    const plain: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'y' },
    };
    expect(targetsFromEntities([other, plain])).toEqual({
      hub: undefined,
      spokes: [],
    });
  });

  it('names missing and malformed annotations instead of dropping the spoke', () => {
    const [, dev] = entitiesFromRegistry(fixtures.registry());
    dev.metadata.annotations!['platform.io/account-id'] = '2222';
    delete dev.metadata.annotations!['platform.io/region'];
    dev.metadata.annotations!['platform.io/vpc-cidr'] = '10.1.0.1/16';
    delete dev.metadata.annotations!['platform.io/eks-cluster-name'];
    const [spoke] = targetsFromEntities([dev]).spokes;
    expect(spoke.accountId).toBeUndefined();
    expect(spoke.eksClusterName).toBe('dev');
    expect(spoke.problems).toEqual([
      'platform.io/account-id "2222" is not a 12-digit account id',
      'platform.io/region is missing on system:default/dev',
      'platform.io/vpc-cidr "10.1.0.1/16" is not a CIDR block',
    ]);
  });

  it('keeps one entity per spoke name and says which one was ignored', () => {
    const [, dev] = entitiesFromRegistry(fixtures.registry());
    const copy = JSON.parse(JSON.stringify(dev)) as Entity;
    copy.metadata.namespace = 'other';
    const { spokes } = targetsFromEntities([copy, dev]);
    expect(spokes).toHaveLength(1);
    expect(spokes[0].entityRef).toBe('system:default/dev');
    expect(spokes[0].problems).toEqual([
      'system:other/dev also claims spoke dev; it is ignored',
    ]);
  });
});
