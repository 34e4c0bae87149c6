/*
 * The portal's backend: wiring only. Each feature lives in its own package under
 * plugins/; this file decides which ones this deployment runs.
 */
import { createBackend } from '@backstage/backend-defaults';
import { guestSignInFeatures } from './features/guestSignIn';
import { assertProductionEnvironment } from './lib/requiredEnvironment';

// A production start names a missing variable instead of silently falling back to
// the base file's local values (see lib/requiredEnvironment.ts).
try {
  assertProductionEnvironment({
    argv: process.argv,
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

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

// Sign-in. GitHub (production): the user is the catalog User whose
// github.com/user-login annotation is their login. Guest: only when the local
// default's app-config.development.yaml declares it, never in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('./modules/githubSignIn'));
backend.add(guestSignInFeatures);

// Software catalog.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Users and teams from the GitHub organisation (catalog.providers.githubOrg, set in
// production); without that config it adds nothing.
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
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

// AI assistants: the actions of backend.actions.pluginSources (spoke health, read-only)
// as MCP tools at /api/mcp-actions/v1, called with the person's own token.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Permissions.
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's policy: deny by default, one table of rules (modules/permissionPolicy).
backend.add(import('./modules/permissionPolicy'));

// Search: PostgreSQL engine when the database is PostgreSQL, in-memory otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
