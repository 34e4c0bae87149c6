/*
 * The CDK app keeps its tests in test/ (the CDK layout) instead of the src/ that the
 * Backstage CLI's default Jest config assumes; otherwise this mirrors that config for
 * a Node package: SWC transpile-only TypeScript, Node environment.
 */
const swc = require.resolve('@backstage/cli/config/jestSwcTransform');

module.exports = {
  displayName: '@internal/infra',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  transform: {
    '\\.(mjs|cjs|js)$': [swc, { jsc: { parser: { syntax: 'ecmascript' } } }],
    '\\.ts$': [swc, { jsc: { parser: { syntax: 'typescript' } } }],
    '\\.yaml$': require.resolve('@backstage/cli/config/jestYamlTransform'),
  },
  transformIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
};
