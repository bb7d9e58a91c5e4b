import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createRouter, sortVersions } from './router';

describe('the compute router', () => {
  it('serves exactly the routes its OpenAPI spec describes', () => {
    const spec = parse(
      readFileSync(join(__dirname, 'schema', 'openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(
      spec.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([path, ops]) =>
        Object.keys(ops).map(
          m => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
      .sort();
    const unused = {} as any;
    const router = createRouter({
      httpAuth: unused,
      reader: unused,
      actions: unused,
      audit: unused,
      registry: unused,
      clusters: [],
    }) as any;
    const served = (router.stack as any[])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route.methods).map(
          m => `${m.toUpperCase()} ${layer.route.path}`,
        ),
      )
      .sort();
    expect(served).toEqual(documented);
  });

  it('orders tags newest version first', () => {
    expect(
      sortVersions([
        '1.9.2',
        '1.10.0',
        '2.0.0-rc.1',
        '0.1.0',
        'latest',
        '2.0.0',
      ]),
    ).toEqual(['2.0.0', '2.0.0-rc.1', '1.10.0', '1.9.2', '0.1.0', 'latest']);
  });
});
