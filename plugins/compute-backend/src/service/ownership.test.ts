import type { Entity } from '@backstage/catalog-model';
import { namespaceMismatch } from './ownership';

const component = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shipment-tracker' },
  spec: { owner, type: 'service', lifecycle: 'production' },
});

describe('namespaceMismatch, the tenancy rule of reads and actions', () => {
  it("accepts the owning team's namespace, whatever the owner ref's spelling", () => {
    expect(
      namespaceMismatch('team-fleet', 'team-fleet', component('team-fleet')),
    ).toBeUndefined();
    expect(
      namespaceMismatch(
        'team-fleet',
        'team-fleet',
        component('group:default/team-fleet'),
      ),
    ).toBeUndefined();
  });

  it("refuses another team's namespace, and says whose it is", () => {
    expect(
      namespaceMismatch(
        'team-payments',
        'team-payments',
        component('team-fleet'),
      ),
    ).toBe(
      "namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet",
    );
  });

  it('refuses a namespace without the team label: it belongs to no team', () => {
    expect(
      namespaceMismatch('kube-system', undefined, component('team-fleet')),
    ).toBe(
      'namespace kube-system belongs to no team (it has no compute.atrium.dev/team label)',
    );
  });

  it('refuses a component owned by a user rather than a group', () => {
    expect(
      namespaceMismatch(
        'team-fleet',
        'team-fleet',
        component('user:default/bob.okafor'),
      ),
    ).toMatch(/not to this component's owner user:default\/bob.okafor/);
  });
});
