import type { Entity } from '@backstage/catalog-model';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type CatalogProcessor,
  type CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { catalogModuleSafeLinks } from './module';
import { SafeLinksProcessor } from './SafeLinksProcessor';

const location = { type: 'file', target: '/srv/catalog/entities.yaml' };

const component = (metadata: Partial<Entity['metadata']>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', ...metadata },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});

/** Runs the processor's step as the catalog does, collecting what it emits. */
async function process(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new SafeLinksProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  const errors = emitted.map(r => {
    if (r.type !== 'error') throw new Error(`unexpected ${r.type}`);
    expect(r.location).toEqual(location);
    expect(r.error.name).toBe('InputError');
    return r.error.message;
  });
  return { result, errors };
}

describe('SafeLinksProcessor', () => {
  it('passes http, https and mailto links without a word, and the entity unchanged', async () => {
    const entity = component({
      links: [
        {
          url: 'https://grafana.larkspur.example/d/payments',
          title: 'Grafana',
        },
        { url: 'http://wiki.larkspur.example/payments' },
        { url: 'mailto:team-payments@larkspur.example' },
      ],
      annotations: {
        'backstage.io/view-url': 'https://git.larkspur.example/payments',
        'backstage.io/source-location':
          'url:https://git.larkspur.example/payments/tree/main/',
      },
    });
    const { result, errors } = await process(entity);
    expect(errors).toEqual([]);
    expect(result).toBe(entity);
  });

  it('names each field whose link has another scheme', async () => {
    const { errors } = await process(
      component({
        links: [
          { url: 'https://ok.example' },
          { url: 'https://ok.example/2' },
          // eslint-disable-next-line no-script-url
          { url: 'javascript:alert(document.cookie)', title: 'Runbook' },
          { url: 'data:text/html,<script>alert(1)</script>' },
        ],
        annotations: {
          'backstage.io/edit-url': 'java\tscript:alert(1)',
          'backstage.io/source-location': 'url:vbscript:msgbox(1)',
        },
      }),
    );
    expect(errors).toEqual([
      'metadata.links[2].url: only http, https and mailto links are allowed, got "javascript:"',
      'metadata.links[3].url: only http, https and mailto links are allowed, got "data:"',
      'metadata.annotations["backstage.io/edit-url"]: only http, https and mailto links are allowed, got "javascript:"',
      'metadata.annotations["backstage.io/source-location"]: only http, https and mailto links are allowed, got "vbscript:"',
    ]);
  });

  it('refuses a link that is no URL, and leaves file locations alone', async () => {
    const { errors } = await process(
      component({
        links: [{ url: 'http://[oops' }],
        annotations: {
          'backstage.io/source-location': 'file:/srv/catalog/entities.yaml',
        },
      }),
    );
    expect(errors).toEqual([
      'metadata.links[0].url: only http, https and mailto links are allowed, got a value that is not a URL',
    ]);
  });
});

describe('catalogModuleSafeLinks', () => {
  it("adds the processor to the catalog's processing", async () => {
    const processors: CatalogProcessor[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addProcessor: (...p: CatalogProcessor[]) => processors.push(...p) },
        ],
      ],
      features: [catalogModuleSafeLinks],
    });
    try {
      expect(processors.map(p => p.getProcessorName())).toEqual([
        'SafeLinksProcessor',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
