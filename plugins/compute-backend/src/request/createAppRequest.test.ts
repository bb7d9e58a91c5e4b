import { InputError } from '@backstage/errors';
import { parseCreateRequest } from './createAppRequest';

const VALID = {
  name: 'ledger-reports',
  component: 'component:default/ledger-reports',
  tier: 'reserved',
  clusters: ['sim-a'],
  replicas: 2,
  resources: { cpu: '250m', memory: '256Mi' },
  image: 'registry.test/payments/ledger-reports',
};

describe('parseCreateRequest', () => {
  it('reads a valid request', () => {
    expect(parseCreateRequest(VALID, ['sim-a'])).toMatchObject({
      name: 'ledger-reports',
      clusters: ['sim-a'],
    });
  });

  // The fuzzer's find: a JSON object that String() cannot convert ({"toString": 1}) made a 500.
  it.each([
    [
      'name',
      { name: { toString: 1 } },
      /^name "\{\\"toString\\":1\}" is not a DNS label/,
    ],
    [
      'component',
      { component: { toString: 1 } },
      /^component "\{\\"toString\\":1\}" is not/,
    ],
    ['tier', { tier: { toString: 1 } }, /^tier .* is unknown/],
    ['image', { image: { toString: 1 } }, /^image .* is not <registry>/],
    ['tag', { tag: { toString: 1 } }, /^tag .* is not an image tag/],
    [
      'resources.cpu',
      { resources: { cpu: { toString: 1 }, memory: '256Mi' } },
      /^resources\.cpu .* is not a CPU quantity/,
    ],
    [
      'resources.memory',
      { resources: { cpu: '250m', memory: { toString: 1 } } },
      /^resources\.memory .* is not a memory quantity/,
    ],
  ])(
    'refuses an unconvertible %s with a 400 that quotes it',
    (_, bad, message) => {
      let thrown: unknown;
      try {
        parseCreateRequest({ ...VALID, ...bad }, ['sim-a']);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as Error).message).toMatch(message);
    },
  );
});
