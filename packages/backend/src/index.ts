/*
 * The portal's backend: wiring only. Each feature lives in its own package under
 * plugins/; this file decides which ones this deployment runs.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Scaffolder with the built-in GitHub actions (publish:github:pull-request, ...).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// New environment: platform:spoke:validate/render/diff and the CIDR field's data.
backend.add(import('@internal/plugin-scaffolder-backend-module-platform'));

// Sign-in: guest locally, GitHub in production (see app-config.production.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// Software catalog.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The platform registry (hub, spokes, their AWS resources) as catalog entities.
backend.add(import('@internal/plugin-catalog-backend-module-platform'));
// Spoke health: EKS, Transit Gateway and Aurora per spoke, at /api/platform; and the
// pull requests templates open, followed until they run (/api/platform/requests).
backend.add(import('@internal/plugin-platform-backend'));
// GitHub webhooks as events (github.pull_request, github.check_run, ...), which request
// tracking reads at once; received only when events.http.topics lists github, and
// checked against events.modules.github.webhookSecret when set.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));

// Permissions.
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's policy: platform-team-only templates and health refresh for the
// platform team (platform.permissions.platformTeam); everything else allowed.
backend.add(import('./modules/permissionPolicy'));

// Search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
