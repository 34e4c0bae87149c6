import { isUpdatePermission } from '@backstage/plugin-permission-common';
import {
  platformHealthReadPermission,
  platformHealthRefreshPermission,
  platformPermissions,
  platformRequestReadPermission,
  platformSecretCreatePermission,
} from './permissions';

describe('platform permissions', () => {
  it('defines read and refresh as basic permissions with fixed names', () => {
    expect(platformHealthReadPermission).toEqual({
      type: 'basic',
      name: 'platform.health.read',
      attributes: { action: 'read' },
    });
    expect(platformHealthRefreshPermission.name).toBe(
      'platform.health.refresh',
    );
    expect(platformHealthRefreshPermission.type).toBe('basic');
    expect(isUpdatePermission(platformHealthRefreshPermission)).toBe(true);
  });

  it('lists every platform permission once', () => {
    expect(platformPermissions.map(p => p.name)).toEqual([
      'platform.health.read',
      'platform.health.refresh',
      'platform.secret.create',
      'platform.request.read',
    ]);
  });

  it('makes secret creation a create permission on the service entity', () => {
    expect(platformSecretCreatePermission).toEqual({
      type: 'resource',
      name: 'platform.secret.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
  });

  it('makes request reading a read permission on the platform-request resource', () => {
    expect(platformRequestReadPermission).toEqual({
      type: 'resource',
      name: 'platform.request.read',
      attributes: { action: 'read' },
      resourceType: 'platform-request',
    });
  });
});
