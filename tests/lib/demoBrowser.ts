import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { signIn } from './auth.ts';
import type { Backend } from './backend.ts';
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
}

/**
 * Registers a browser suite's `before`: the demo backend (`name` names it and its log) with `config()` as one
 * more config file after app-config.yaml (made as the suite starts, for times relative to then), `users` signed
 * in, and Chromium; and its `after`: all stopped and the config's folder removed. Call it inside the suite's
 * `describe`.
 */
export function useDemoInBrowser(options: {
  name: string;
  config: () => unknown;
  users: string[];
}): DemoInBrowser {
  let dir: string | undefined;
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  const tokens = new Map<string, string>();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `atrium-${options.name}-`));
    const config = join(dir, `app-config.${options.name}.yaml`);
    writeFileSync(config, JSON.stringify(options.config()));
    backend = await startDemoBackend({
      name: options.name,
      configs: [config],
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
  };
}
