// Production config against a real PostgreSQL (Debian's server on a spare loopback port): the demo catalog is
// ingested into Postgres, and after a restart of the backend the data is still there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  assertRestartKeepsData,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { demoCatalogWith, demoKindCounts } from './lib/demo.ts';
import { startPostgres, type Postgres } from './lib/postgres.ts';

describe(
  'app-config.production.yaml on PostgreSQL',
  { timeout: 900_000 },
  () => {
    let pg: Postgres;
    let backend: Backend;
    // The production config, except that people sign in through the embedded IdP: this suite is about
    // PostgreSQL, and a production deployment has the company's IdP, which a test does not. (The refusal of
    // the embedded IdP in production is tested in identity.test.ts.)
    const signInOverlay = join(
      mkdtempSync(join(tmpdir(), 'atrium-pg-config-')),
      'app-config.test-sign-in.yaml',
    );
    writeFileSync(
      signInOverlay,
      stringify({
        auth: {
          environment: 'development',
          session: { secret: 'test-session-secret' },
        },
        atrium: { embeddedIdp: { enabled: true } },
        // The demo company, which app-config.production.yaml does not load.
        ...demoCatalogWith([]),
      }),
    );
    const production = () => ({
      name: 'postgres',
      configs: ['app-config.production.yaml', signInOverlay],
      env: {
        NODE_ENV: 'production',
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        // The production provider must be configured to start; the test signs in through the development
        // one, so this IdP is never asked.
        OIDC_METADATA_URL:
          'http://127.0.0.1:9/never-used/.well-known/openid-configuration',
        OIDC_CLIENT_ID: 'atrium',
        OIDC_CLIENT_SECRET: 'unused',
        ATRIUM_HOST: '127.0.0.1',
      },
    });

    before(async () => {
      pg = await startPostgres();
      backend = await startBackend(production());
    });
    after(async () => {
      await backend?.stop();
      await pg?.stop();
    });

    it('ingests the demo catalog into PostgreSQL', async () => {
      const expected = demoKindCounts();
      await waitForCatalog(backend.baseUrl, backend.serviceToken, expected);
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      const rows = Number(
        await pg.query(
          'backstage_plugin_catalog',
          'select count(*) from final_entities where final_entity is not null',
        ),
      );
      assert.ok(
        rows >= total,
        `final_entities holds ${rows} rows, demo defines ${total}`,
      );
      // Nothing went to the embedded SQLite default.
      assert.deepEqual(readdirSync(join(backend.dataDir, 'sqlite')), []);
    });

    it('finds the data still there after a restart', async () => {
      backend = await assertRestartKeepsData(backend, 'pg-restart', old =>
        startBackend({
          ...production(),
          name: 'postgres-restart',
          port: old.port,
        }),
      );
    });
  },
);
