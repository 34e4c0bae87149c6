/*
 * Backend module for the permission plugin: installs the portal's policy, deny by
 * default with one table of rules (rules.ts). See PlatformPermissionPolicy and
 * README.md.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogTemplateOwnership,
  PlatformPermissionPolicy,
} from './PlatformPermissionPolicy';

export const permissionModulePlatformPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, userInfo, auth, catalog }) {
        policy.setPolicy(
          PlatformPermissionPolicy.create({
            config,
            userInfo,
            templateOwnership: catalogTemplateOwnership({ catalog, auth }),
          }),
        );
      },
    });
  },
});

export default permissionModulePlatformPolicy;
