import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { signIn } from './auth.ts';
import { startBackend, type Backend } from './backend.ts';
import { launchChromium } from './browser.ts';
import { startDemoBackend } from './demo.ts';

/** A browser suite's demo backend, its Chromium, and the tokens of the users it signed in. */
export interface DemoInBrowser {
  readonly backend: Backend;
  /** The backend's base URL. */
  readonly baseUrl: string;
  readonly browser: Browser;
  /** The token of a user the suite signed in. */
  token(user: string): string;
  /**
   * Stops the backend and starts it again (`name` names the new one's log) on the same port, data folder and
   * config, without waiting for the catalog; `backend` is the new one from then on, and is stopped after.
   */
  restart(name: string): Promise<Backend>;
}

/**
 * Registers a browser suite's `before`: the demo backend (`name` names it and its log) with `config()` as one
 * more config file after app-config.yaml (made as the suite starts, for times relative to then), `users` signed
 * in, and Chromium; and its `after`: all stopped and the config's folder removed. Call it inside the suite's
 * `describe`. Hooks run in the order they are registered: a suite that starts something the backend needs
 * (`config()` or `port()` read it) registers its own `before` first, and its `after` for it once this returns.
 */
export function useDemoInBrowser(options: {
  name: string;
  config: () => unknown;
  users: string[];
  /** The backend's port, when the suite chose it first (a spare one otherwise). */
  port?: () => number;
}): DemoInBrowser {
  let dir: string | undefined;
  let config: string | undefined;
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  const tokens = new Map<string, string>();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `atrium-${options.name}-`));
    config = join(dir, `app-config.${options.name}.yaml`);
    writeFileSync(config, JSON.stringify(options.config()));
    backend = await startDemoBackend({
      name: options.name,
      configs: [config],
      port: options.port?.(),
    });
    for (const user of options.users) {
      tokens.set(user, (await signIn(backend.baseUrl, user)).token);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get backend() {
      assert.ok(backend, 'the demo backend is running');
      return backend;
    },
    get baseUrl() {
      return this.backend.baseUrl;
    },
    get browser() {
      assert.ok(browser, 'Chromium is running');
      return browser;
    },
    token(user) {
      const token = tokens.get(user);
      assert.ok(token, `${user} is signed in`);
      return token;
    },
    async restart(name) {
      const { dataDir, port } = this.backend;
      await this.backend.stop();
      backend = undefined;
      backend = await startBackend({
        name,
        configs: config ? [config] : [],
        dataDir,
        port,
      });
      return backend;
    },
  };
}
