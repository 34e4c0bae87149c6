/*
 * Backend module for the permission plugin: installs the portal's policy in place
 * of the allow-all one. Only the platform team may run platform-team-only templates
 * or refresh spoke health; see PlatformPermissionPolicy and README.md.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';

export const permissionModulePlatformPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(PlatformPermissionPolicy.create({ config, userInfo }));
      },
    });
  },
});

export default permissionModulePlatformPolicy;
