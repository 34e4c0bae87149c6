/*
 * Test helpers other packages reuse for their own charts: Helm (lint, template) and the
 * checks every chart in the estate must pass (Kubernetes schemas, pod security,
 * network policies, recommended labels). Tests only; nothing here runs in the portal.
 *
 * The helpers live beside the New service template tests that define what a chart must
 * pass; this entry point re-exports them so the portal's own chart is held to exactly
 * the same rules rather than a copy of them.
 */
/* eslint-disable no-restricted-imports */
export {
  helmBinary,
  helmLint,
  helmTemplate,
  missingLabels,
  schemaProblems,
  securityProblems,
} from './actions/service/__testUtils__/manifests';
export type { Manifest } from './actions/service/__testUtils__/manifests';
