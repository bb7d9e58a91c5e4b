import { computeSignalChannel } from './signals';

describe('computeSignalChannel', () => {
  it('names the same channel however the ref is spelled, as the backend and the frontend must agree', () => {
    expect(computeSignalChannel('Component:default/Payments-Gateway')).toBe(
      'atrium:compute:component:default/payments-gateway',
    );
    expect(computeSignalChannel('component:default/payments-gateway')).toBe(
      'atrium:compute:component:default/payments-gateway',
    );
  });
});
