import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentedRoutes, servedRoutes } from './openapiRoutes';

describe('routes of a router and of its OpenAPI spec', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-openapi-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the operations of a spec with Express path parameters, leaving out other keys', () => {
    const spec = join(dir, 'openapi.yaml');
    writeFileSync(
      spec,
      [
        'openapi: 3.0.3',
        'paths:',
        '  /things/{id}:',
        '    parameters: []',
        '    put: {}',
        '    get: {}',
        '  /things:',
        '    get: {}',
      ].join('\n'),
    );
    expect(documentedRoutes(spec)).toEqual([
      'GET /things',
      'GET /things/:id',
      'PUT /things/:id',
    ]);
  });

  it("lists a router's own routes, not its middleware", () => {
    const router = express.Router();
    router.use(express.json());
    router.get('/things', (_req, res) => res.end());
    router.route('/things/:id').get((_req, res) => res.end());
    router.put('/things/:id', (_req, res) => res.end());
    expect(servedRoutes(router)).toEqual([
      'GET /things',
      'GET /things/:id',
      'PUT /things/:id',
    ]);
  });
});
