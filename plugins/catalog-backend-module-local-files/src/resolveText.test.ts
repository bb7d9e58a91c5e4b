import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isLocalBase,
  resolveLocalPath,
  textPlaceholderResolver,
} from './index';

describe('resolveText', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrium-local-files-'));
  mkdirSync(join(root, 'apis'));
  writeFileSync(join(root, 'apis', 'spec.yaml'), 'openapi: 3.0.3\n');
  writeFileSync(join(root, 'secret.txt'), 'nope');
  const catalogFile = join(root, 'catalog', 'catalog.yaml');
  mkdirSync(join(root, 'catalog'));
  mkdirSync(join(root, 'catalog', 'apis'));
  writeFileSync(join(root, 'catalog', 'apis', 'a.yaml'), 'openapi: 3.0.3\n');

  const params = (value: unknown, baseUrl: string) => ({
    key: 'text',
    value: value as any,
    baseUrl,
    read: jest.fn(async (url: string) => Buffer.from(`read ${url}`)),
    resolveUrl: jest.fn((url: string, base: string) =>
      new URL(url, base).toString(),
    ),
    emit: jest.fn(),
  });

  it('tells local paths from URLs', () => {
    expect(isLocalBase('/srv/catalog.yaml')).toBe(true);
    expect(isLocalBase('https://github.com/o/r/blob/main/catalog.yaml')).toBe(
      false,
    );
    expect(isLocalBase('relative/catalog.yaml')).toBe(false);
  });

  it('reads a file beside a file location and registers it for refresh', async () => {
    const p = params('./apis/a.yaml', catalogFile);
    await expect(textPlaceholderResolver(p)).resolves.toBe('openapi: 3.0.3\n');
    expect(p.emit).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'refresh',
        key: `file:${join(root, 'catalog', 'apis', 'a.yaml')}`,
      }),
    );
    expect(p.read).not.toHaveBeenCalled();
  });

  it('refuses paths that escape the catalog file directory', async () => {
    expect(() => resolveLocalPath('../secret.txt', catalogFile)).toThrow(
      /points outside/,
    );
    expect(() => resolveLocalPath('/etc/passwd', catalogFile)).toThrow(
      /relative/,
    );
    expect(() => resolveLocalPath('file:///etc/passwd', catalogFile)).toThrow(
      /relative/,
    );
    await expect(
      textPlaceholderResolver(params('../secret.txt', catalogFile)),
    ).rejects.toThrow(/points outside/);
  });

  it('fails clearly on a missing file or a non-string value', async () => {
    await expect(
      textPlaceholderResolver(params('./apis/missing.yaml', catalogFile)),
    ).rejects.toThrow(/ENOENT/);
    await expect(
      textPlaceholderResolver(params({ a: 1 }, catalogFile)),
    ).rejects.toThrow(/expected a string/);
  });

  it('keeps URL locations on the URL reader', async () => {
    const p = params(
      './spec.yaml',
      'https://git.example/org/repo/blob/main/catalog-info.yaml',
    );
    await expect(textPlaceholderResolver(p)).resolves.toBe(
      'read https://git.example/org/repo/blob/main/spec.yaml',
    );
    expect(p.emit).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'url:https://git.example/org/repo/blob/main/spec.yaml',
      }),
    );
  });
});
