// ESLint for the integration suites and their helpers (not a workspace, so `backstage-cli repo lint` does not
// reach them; `yarn lint:scripts` does): Backstage's rules for TypeScript, as the packages have them. The suites
// print what they measure and why they skip, so console output is theirs to use.
module.exports = require('@backstage/cli/config/eslint-factory').createConfig(
  __dirname,
  { rules: { 'no-console': 'off' } },
);
