// ESLint for the benchmarks (not a workspace, so `backstage-cli repo lint` does not reach them; `yarn
// lint:scripts` does): Backstage's rules for TypeScript, as the packages have them. A bench is a command whose
// output is its tables, so console output is its to use.
module.exports = require('@backstage/cli/config/eslint-factory').createConfig(
  __dirname,
  { rules: { 'no-console': 'off' } },
);
