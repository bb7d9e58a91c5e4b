import type { Entity } from '@backstage/catalog-model';
import { entitySource } from './entitySource';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default', annotations },
  spec: {},
});

describe('entitySource', () => {
  it('views a url: source location, edits by the edit URL, and finds the docs page', () => {
    expect(
      entitySource(
        component({
          'backstage.io/source-location':
            'url:https://git.example/payments/payments-gateway/',
          'backstage.io/edit-url':
            'https://git.example/payments/payments-gateway/edit/main/catalog-info.yaml',
          'backstage.io/techdocs-ref': 'dir:.',
        }),
      ),
    ).toEqual({
      viewUrl: 'https://git.example/payments/payments-gateway/',
      editUrl:
        'https://git.example/payments/payments-gateway/edit/main/catalog-info.yaml',
      docsPath: '/docs/default/component/payments-gateway',
    });
  });

  it('prefers backstage.io/view-url to the source location', () => {
    expect(
      entitySource(
        component({
          'backstage.io/view-url': 'https://git.example/view',
          'backstage.io/source-location': 'url:https://git.example/source/',
        }),
      ).viewUrl,
    ).toBe('https://git.example/view');
  });

  it('links nowhere for a file: source location, a broken one, or none', () => {
    const none = { viewUrl: null, editUrl: null, docsPath: null };
    expect(
      entitySource(
        component({ 'backstage.io/source-location': 'file:/srv/catalog/' }),
      ),
    ).toEqual(none);
    expect(
      entitySource(component({ 'backstage.io/source-location': 'nonsense' })),
    ).toEqual(none);
    expect(entitySource(component({}))).toEqual(none);
  });

  it('puts the namespace, kind and name of the docs page in the path, escaped', () => {
    const entity = component({ 'backstage.io/techdocs-ref': 'dir:.' });
    entity.metadata.namespace = 'team a';
    entity.kind = 'API';
    expect(entitySource(entity).docsPath).toBe(
      '/docs/team%20a/api/payments-gateway',
    );
  });

  it('links the docs of the entity that techdocs-entity names, under techdocs-entity-path', () => {
    expect(
      entitySource(
        component({ 'backstage.io/techdocs-entity': 'system:payments/ledger' }),
      ).docsPath,
    ).toBe('/docs/payments/system/ledger');
    expect(
      entitySource(
        component({
          'backstage.io/techdocs-entity': 'component:shared-docs',
          'backstage.io/techdocs-entity-path': 'payments/gateway',
        }),
      ).docsPath,
    ).toBe('/docs/default/component/shared-docs/payments/gateway');
  });

  it('keeps techdocs-entity-path inside the docs: no climbing out, no query or fragment', () => {
    expect(
      entitySource(
        component({
          'backstage.io/techdocs-entity': 'component:shared-docs',
          'backstage.io/techdocs-entity-path': '/../../../settings/./x?y=1#z/',
        }),
      ).docsPath,
    ).toBe('/docs/default/component/shared-docs/settings/x%3Fy%3D1%23z');
  });

  it("links the entity's own docs when techdocs-entity does not parse", () => {
    expect(
      entitySource(component({ 'backstage.io/techdocs-entity': 'no-kind' }))
        .docsPath,
    ).toBe('/docs/default/component/payments-gateway');
  });
});
