module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // CDK constructs register themselves with their scope: `new X(this, ...)` is the idiom.
    'no-new': 'off',
  },
  testRules: {
    'jest/expect-expect': [
      'warn',
      {
        assertFunctionNames: [
          'expect',
          '**.hasResource',
          '**.hasResourceProperties',
          '**.resourceCountIs',
          '**.resourcePropertiesCountIs',
        ],
      },
    ],
  },
});
