// Identity end to end: sign-in through the embedded OpenID provider (npm oidc-provider, served by the
// backend), the directory-user resolver, ownership through parent groups, the ownership permission policy,
// the sign-in audit, and the production guard. API checks with fetch; the sign-in itself also in Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, signIn, SignInRefused } from './lib/auth.ts';
import { startBackend, type Backend } from './lib/backend.ts';
import {
  launchChromium,
  recordProblems,
  signInInBrowser,
  saveScreenshot,
} from './lib/browser.ts';
import { startDemoBackend } from './lib/demo.ts';
import { artifactDir, ROOT } from './lib/paths.ts';
import { mayUnregister } from './lib/entityMenu.ts';

/** Someone the IdP knows and the company directory does not: a stale or foreign account. */
const STRANGER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mallory.stranger' },
  spec: {
    profile: {
      displayName: 'Mallory Stranger',
      email: 'mallory@elsewhere.example',
    },
    memberOf: [],
  },
};

describe(
  'identity: OIDC sign-in, ownership, policy and audit',
  { timeout: 900_000 },
  () => {
    let backend: Backend;
    let browser: Browser | undefined;
    const shots = artifactDir('screenshots');

    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atrium-identity-'));
      const strangers = join(dir, 'strangers.yaml');
      writeFileSync(strangers, stringify(STRANGER));
      const config = join(dir, 'app-config.identity.yaml');
      writeFileSync(
        config,
        stringify({
          atrium: {
            embeddedIdp: {
              // The IdP holds the demo org plus the stranger; the catalog holds only the demo org.
              users: [`${ROOT}/demo/org.yaml`, strangers],
            },
          },
        }),
      );
      backend = await startDemoBackend({ name: 'identity', configs: [config] });
    });

    after(async () => {
      await browser?.close();
      await backend?.stop();
    });

    const api = (token: string, path: string, init: RequestInit = {}) =>
      fetch(`${backend.baseUrl}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(init.headers as any),
        },
      });

    it('signs a directory user in, with their groups and the groups’ parents as ownership', async () => {
      const alice = await signIn(backend.baseUrl, 'alice.nakamura');
      assert.equal(alice.identity.userEntityRef, 'user:default/alice.nakamura');
      assert.deepEqual([...alice.identity.ownershipEntityRefs].sort(), [
        'group:default/commerce',
        'group:default/larkspur',
        'group:default/team-payments',
        'user:default/alice.nakamura',
      ]);
      assert.equal(alice.profile.email, 'alice.nakamura@larkspur.example');
      // Signing in by e-mail at the IdP leads to the same User.
      const byMail = await signIn(
        backend.baseUrl,
        'alice.nakamura@larkspur.example',
      );
      assert.equal(
        byMail.identity.userEntityRef,
        'user:default/alice.nakamura',
      );
      // The token works against the catalog.
      const me = await api(
        alice.token,
        '/api/catalog/entities/by-name/user/default/alice.nakamura',
      );
      assert.equal(me.status, 200);
    });

    it('refuses an identity the directory does not know, saying why', async () => {
      await assert.rejects(
        signIn(backend.baseUrl, 'mallory.stranger'),
        (error: Error) => {
          assert.ok(error instanceof SignInRefused, String(error));
          assert.match(
            error.message,
            /Atrium does not know mallory@elsewhere\.example/,
          );
          assert.match(error.message, /company directory/);
          return true;
        },
      );
      // A wrong password never reaches Atrium: the IdP refuses it.
      await assert.rejects(
        signIn(backend.baseUrl, 'alice.nakamura', 'not-the-password'),
        /wrong password/,
      );
    });

    it('lets members change their team’s entity, refuses others, and lets platform admins', async () => {
      const alice = (await signIn(backend.baseUrl, 'alice.nakamura')).token; // team-payments
      const bob = (await signIn(backend.baseUrl, 'bob.okafor')).token; // team-fleet
      const ravi = (await signIn(backend.baseUrl, 'ravi.subramanian')).token; // platform-admins
      const refresh = (token: string, entityRef: string) =>
        api(token, '/api/catalog/refresh', {
          method: 'POST',
          body: JSON.stringify({ entityRef }),
        });
      const payments = 'component:default/payments-gateway';
      assert.equal((await refresh(alice, payments)).status, 200);
      assert.equal((await refresh(bob, payments)).status, 403);
      assert.equal((await refresh(ravi, payments)).status, 200);
      assert.equal(
        (await refresh(bob, 'component:default/shipment-tracker')).status,
        200,
      );

      // Everyone signed in reads everything.
      const read = await api(
        bob,
        '/api/catalog/entities/by-name/component/default/payments-gateway',
      );
      assert.equal(read.status, 200);

      // Unregistering: a non-owner gets 403 and the entity stays; an owner may.
      const entity = (await read.json()) as { metadata: { uid: string } };
      const del = (token: string) =>
        api(token, `/api/catalog/entities/by-uid/${entity.metadata.uid}`, {
          method: 'DELETE',
        });
      assert.equal((await del(bob)).status, 403);
      assert.equal(
        (
          await api(
            bob,
            '/api/catalog/entities/by-name/component/default/payments-gateway',
          )
        ).status,
        200,
      );
      assert.equal((await del(alice)).status, 204);

      // The same rule through the permission API, as a compute or alerts plugin asks it:
      // atrium.entity.operate on a component, resolved by the catalog against that component.
      const operate = async (token: string, resourceRef: string) => {
        const res = await api(token, '/api/permission/authorize', {
          method: 'POST',
          body: JSON.stringify({
            items: [
              {
                id: 'op',
                permission: {
                  type: 'resource',
                  name: 'atrium.entity.operate',
                  attributes: { action: 'update' },
                  resourceType: 'catalog-entity',
                },
                resourceRef,
              },
            ],
          }),
        });
        assert.equal(res.status, 200, await res.clone().text());
        return ((await res.json()) as { items: Array<{ result: string }> })
          .items[0].result;
      };
      const fleet = 'component:default/shipment-tracker';
      assert.equal(await operate(bob, fleet), 'ALLOW');
      assert.equal(await operate(alice, fleet), 'DENY');
      assert.equal(await operate(ravi, fleet), 'ALLOW');
    });

    it('records sign-ins and refusals, readable by platform admins only', async () => {
      const ravi = (await signIn(backend.baseUrl, 'ravi.subramanian')).token;
      const alice = (await signIn(backend.baseUrl, 'alice.nakamura')).token;
      assert.equal((await api(alice, '/api/auth/atrium/sign-ins')).status, 403);
      const res = await api(ravi, '/api/auth/atrium/sign-ins?limit=500');
      assert.equal(res.status, 200);
      const { items } = (await res.json()) as {
        items: Array<{
          providerId: string;
          flow: string;
          subject: string;
          userEntityRef?: string;
          result: string;
          reason?: string;
          occurredAt: string;
        }>;
      };
      const refused = items.find(
        i => i.subject === 'mallory@elsewhere.example',
      );
      assert.ok(refused, 'the refusal is recorded');
      assert.equal(refused.result, 'refused');
      assert.equal(refused.providerId, 'oidc');
      assert.equal(refused.userEntityRef, undefined);
      assert.match(refused.reason ?? '', /does not know/);
      const aliceIn = items.filter(
        i =>
          i.userEntityRef === 'user:default/alice.nakamura' &&
          i.result === 'success',
      );
      assert.ok(aliceIn.length >= 3, `Alice's sign-ins: ${aliceIn.length}`);
      assert.ok(
        aliceIn.every(i => i.flow === 'sign-in' && i.providerId === 'oidc'),
      );
      assert.ok(Date.now() - Date.parse(items[0].occurredAt) < 10 * 60_000);
      // Newest first, and paged.
      const page = (await (
        await api(ravi, '/api/auth/atrium/sign-ins?limit=2')
      ).json()) as {
        items: Array<{ id: number }>;
        nextBefore?: number;
      };
      assert.equal(page.items.length, 2);
      assert.ok(page.items[0].id > page.items[1].id);
      const next = (await (
        await api(
          ravi,
          `/api/auth/atrium/sign-ins?limit=2&before=${page.nextBefore}`,
        )
      ).json()) as { items: Array<{ id: number }> };
      assert.equal(page.nextBefore, page.items[1].id);
      assert.ok(next.items.length > 0, 'there is a next page');
      // Strictly below the last row of the first page: no row shows on both pages.
      assert.ok(
        next.items[0].id < page.items[1].id,
        `the next page starts at ${next.items[0].id}, after ${page.items[1].id}`,
      );
      assert.equal(
        (await api(ravi, '/api/auth/atrium/sign-ins?limit=0')).status,
        400,
      );
    });

    it('in Chromium: Alice and Bob sign in through the IdP and each sees their own team’s services', async () => {
      const chromium = await launchChromium();
      browser = chromium;
      const people = [
        {
          login: 'alice.nakamura',
          name: 'Alice',
          own: ['Payments Gateway', 'Fraud Scoring', 'Ledger Service'],
          others: ['Shipment Tracker'],
          ownComponent: 'payments-gateway',
          otherComponent: 'shipment-tracker',
        },
        {
          login: 'bob.okafor',
          name: 'Bob',
          own: ['Shipment Tracker', 'Telemetry Ingest', 'Driver Portal'],
          others: ['Fraud Scoring'],
          ownComponent: 'telemetry-ingest',
          otherComponent: 'fraud-scoring',
        },
      ];
      for (const person of people) {
        const context = await chromium.newContext({
          viewport: { width: 1440, height: 1000 },
        });
        const page = await context.newPage();
        await signInInBrowser(
          page,
          backend.baseUrl,
          person.login,
          DEMO_PASSWORD,
          {
            signIn:
              person.login === 'alice.nakamura'
                ? join(shots, 'sign-in.png')
                : undefined,
            idp:
              person.login === 'alice.nakamura'
                ? join(shots, 'sign-in-idp.png')
                : undefined,
          },
        );
        const problems = recordProblems(page);
        await page
          .getByRole('heading', {
            name: new RegExp(
              `^Good (morning|afternoon|evening), ${person.name}`,
            ),
          })
          .waitFor({ timeout: 60_000 });
        const mine = page
          .locator('article, [class*="MuiCard"]', { hasText: 'My services' })
          .first();
        for (const service of person.own) {
          await mine.getByText(service).first().waitFor({ timeout: 30_000 });
        }
        for (const service of person.others) {
          assert.equal(
            await mine.getByText(service).count(),
            0,
            `${person.name} does not own ${service}`,
          );
        }
        await saveScreenshot(page, {
          path: join(shots, `home-${person.login}.png`),
          fullPage: true,
        });

        // A reload keeps the session (the refresh token), without the sign-in page.
        await page.reload();
        await page
          .getByRole('heading', { name: new RegExp(`, ${person.name}`) })
          .waitFor({ timeout: 60_000 });

        // The entity page offers "Unregister entity" only where the policy allows it (tests/lib/entityMenu.ts).
        assert.equal(
          await mayUnregister(page, backend.baseUrl, person.ownComponent),
          true,
          `${person.name} may unregister ${person.ownComponent}`,
        );
        assert.equal(
          await mayUnregister(page, backend.baseUrl, person.otherComponent),
          false,
          `${person.name} may not unregister ${person.otherComponent}`,
        );
        assert.deepEqual(problems, []);
        await context.close();
      }
    });
  },
);

describe('the production guard', { timeout: 300_000 }, () => {
  it('refuses to start in production with the embedded IdP or the guest provider, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atrium-guard-'));
    const config = join(dir, 'app-config.unsafe.yaml');
    writeFileSync(
      config,
      stringify({
        auth: {
          environment: 'production',
          providers: { guest: { userEntityRef: 'user:default/guest' } },
        },
      }),
    );
    await assert.rejects(
      startBackend({ name: 'guard', configs: [config], timeoutMs: 180_000 }),
      (error: Error) => {
        assert.match(error.message.slice(0, 200), /^backend exited with 1/);
        assert.match(
          error.message,
          /refuses to start with auth.environment "production"/,
        );
        assert.match(error.message, /guest provider is configured/);
        assert.match(
          error.message,
          /embedded demo identity provider is enabled/,
        );
        return true;
      },
    );
  });
});
