// What is served as a static asset, encoding negotiation, and the build step's precompression. The handler's
// answers are in staticAssets.handler.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  isContentHashed,
  loadStaticAssets,
  precompressStaticDir,
} from './assets';
import { negotiateEncoding } from './http';
import {
  CHUNK,
  CSS,
  INJECTED,
  MAIN,
  TINY,
  sha256,
  useBuiltApp,
} from './testing/builtApp';

const { root, staticDir, files } = useBuiltApp();

describe('isContentHashed', () => {
  it.each([
    ['main.942176778ed8.js', true],
    ['1052.785cfc669d94.chunk.js', true],
    ['2530.2530.e96a97f91d26.css', true],
    ['react-syntax-highlighter/lowlight-import.892dade3a501.chunk.js', true],
    ['mic-drop.f832115f2e81.svg', true],
    ['main.942176778ed8.js.map', false],
    ['runtime.js', false],
    ['main.94217677.js', false],
    ['942176778ed8.js', false],
  ])('%s: %s', (name, expected) => {
    expect(isContentHashed(name)).toBe(expected);
  });
});

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    [undefined, both, 'identity'],
    ['', both, 'identity'],
    ['gzip, deflate, br', both, 'br'],
    ['gzip, deflate, br, zstd', both, 'br'],
    ['BR', both, 'br'],
    ['br;q=0, gzip', both, 'gzip'],
    ['br; q=0.0, gzip', both, 'gzip'],
    ['gzip;q=0.5, br;q=0.4', both, 'gzip'],
    ['br;q=0.5, identity', both, 'identity'],
    ['x-gzip', both, 'gzip'],
    ['*', both, 'br'],
    ['*;q=0.5, br;q=0', both, 'gzip'],
    ['deflate', both, 'identity'],
    ['br, gzip', ['gzip'], 'gzip'],
    ['br, gzip', [], 'identity'],
    // Nothing acceptable: identity all the same.
    ['identity;q=0, br;q=0, gzip;q=0', both, 'identity'],
    ['*;q=0', both, 'identity'],
    ['identity;q=0, gzip', both, 'gzip'],
  ] as const)('%p of %p: %s', (header, available, expected) => {
    expect(negotiateEncoding(header, available)).toBe(expected);
  });
});

describe('precompressStaticDir', () => {
  it('writes brotli and gzip variants that the loader takes, for the bytes they were made from only', async () => {
    const pre = path.join(root, 'precompressed');
    const result = await precompressStaticDir({
      staticDir,
      precompressedDir: pre,
    });
    // MAIN, CHUNK, CSS, TINY and INJECTED (the loader decides what to leave out); not the PNG, map or runtime.js.
    expect(result.files).toBe(5);
    expect(result.bytes.identity).toBe(
      [MAIN, CHUNK, CSS, TINY, INJECTED].reduce(
        (n, f) => n + files[f].length,
        0,
      ),
    );
    expect(result.bytes.br).toBeLessThan(result.bytes.gzip);
    expect(
      zlib
        .brotliDecompressSync(
          fs.readFileSync(path.join(pre, `${sha256(files[CHUNK])}.br`)),
        )
        .equals(files[CHUNK]),
    ).toBe(true);
    expect(
      zlib
        .gunzipSync(fs.readFileSync(path.join(pre, `${sha256(files[CSS])}.gz`)))
        .equals(files[CSS]),
    ).toBe(true);
    expect(fs.readdirSync(pre)).toHaveLength(10);

    const all = await loadStaticAssets({ staticDir, precompressedDir: pre });
    expect(all.stats.variantsAtStartup).toBe(0);
    expect(all.stats.variantsFromBuild).toBe(10);
    expect(all.stats.excluded).toEqual([]);
    expect(all.assets.get(MAIN)!.variants.br).toEqual(
      fs.readFileSync(path.join(pre, `${sha256(files[MAIN])}.br`)),
    );

    // A file that changed since (as app-backend's config injection changes one in place) finds no variant
    // for its new bytes: they are compressed again.
    const changed = Buffer.concat([files[CHUNK], Buffer.from('\n// changed')]);
    fs.writeFileSync(path.join(staticDir, CHUNK), changed);
    try {
      const after = await loadStaticAssets({
        staticDir,
        precompressedDir: pre,
      });
      expect(after.stats.variantsAtStartup).toBe(2);
      expect(after.stats.variantsFromBuild).toBe(8);
      const chunk = after.assets.get(CHUNK)!;
      expect(
        zlib.brotliDecompressSync(chunk.variants.br!).equals(changed),
      ).toBe(true);
      expect(zlib.gunzipSync(chunk.variants.gzip!).equals(changed)).toBe(true);
    } finally {
      fs.writeFileSync(path.join(staticDir, CHUNK), files[CHUNK]);
    }
  });
});
