import { createHash } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The frontend's content-hashed static files (packages/app/dist/static), each held in memory with its brotli
 * and gzip variants, for the static assets handler (./http.ts).
 *
 * Compression happens once, never per request. The frontend build step precompresses at the best ratios
 * (`precompressStaticDir`, run by scripts/lib/backend.sh after `yarn workspace app build`) into files named by
 * the SHA-256 of what they compress, so a variant can only ever be found for the exact bytes it was made
 * from. At startup the backend hashes each file and picks up its variants (~0.1 s for Atrium's 13 MB); what
 * has none is compressed then, with faster settings. On this 2-core machine, for those 13 MB: brotli quality
 * 11 takes 17-30 s, quality 5 about 1 s for ~10% more bytes; gzip 9 ~0.5 s.
 */

/**
 * Backstage's frontend build names every emitted asset `<name>.<hash>.<ext>` (chunks `<name>.<hash>.chunk.js`),
 * with a content hash of 12 hex digits (STATIC_ASSET_HASH_LENGTH in @backstage/cli-module-build). Source maps
 * (`<file>.map`) don't match: the hash in their name is that of the JS, not their own.
 */
const CONTENT_HASHED = /^[^/]+\.[0-9a-f]{12}\.(?:chunk\.)?[a-z0-9]+$/i;

export function isContentHashed(fileName: string): boolean {
  return CONTENT_HASHED.test(path.posix.basename(fileName));
}

/** Content types of what the frontend build emits; `compressible` when brotli/gzip pay off. */
const TYPES: Record<string, { type: string; compressible: boolean }> = {
  js: { type: 'text/javascript; charset=utf-8', compressible: true },
  mjs: { type: 'text/javascript; charset=utf-8', compressible: true },
  css: { type: 'text/css; charset=utf-8', compressible: true },
  json: { type: 'application/json; charset=utf-8', compressible: true },
  svg: { type: 'image/svg+xml', compressible: true },
  xml: { type: 'application/xml', compressible: true },
  md: { type: 'text/markdown; charset=utf-8', compressible: true },
  txt: { type: 'text/plain; charset=utf-8', compressible: true },
  wasm: { type: 'application/wasm', compressible: true },
  ico: { type: 'image/x-icon', compressible: true },
  ttf: { type: 'font/ttf', compressible: true },
  otf: { type: 'font/otf', compressible: true },
  eot: { type: 'application/vnd.ms-fontobject', compressible: true },
  png: { type: 'image/png', compressible: false },
  jpg: { type: 'image/jpeg', compressible: false },
  jpeg: { type: 'image/jpeg', compressible: false },
  gif: { type: 'image/gif', compressible: false },
  webp: { type: 'image/webp', compressible: false },
  avif: { type: 'image/avif', compressible: false },
  woff: { type: 'font/woff', compressible: false },
  woff2: { type: 'font/woff2', compressible: false },
};

/** The content type of a file name, or undefined for a type this module leaves to app-backend. */
export function typeOf(
  fileName: string,
): { type: string; compressible: boolean } | undefined {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return Object.hasOwn(TYPES, ext) ? TYPES[ext] : undefined;
}

/**
 * Where the build step writes the variants: `dist/.precompressed/<sha256 of the file>.br|.gz`. A dot folder,
 * so app-backend (which serves the rest of dist/ with express.static) never serves it.
 */
export const PRECOMPRESSED_DIR = '.precompressed';

export type Coding = 'br' | 'gzip';
export const CODINGS: readonly Coding[] = ['br', 'gzip'];
/** File suffix of each variant in the precompressed folder. */
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };

/** Best ratio, for the build step. */
export const BUILD_QUALITY = { brotli: 11, gzip: 9 };
/** Fast enough for startup (~1 s for all of Atrium's JS on 2 cores), when the build step's output is missing. */
export const STARTUP_QUALITY = { brotli: 5, gzip: 9 };

const brotliCompress = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export function compress(
  coding: Coding,
  content: Buffer,
  quality: { brotli: number; gzip: number },
): Promise<Buffer> {
  if (coding === 'br') {
    return brotliCompress(content, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality.brotli,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
  }
  return gzip(content, { level: quality.gzip });
}

/**
 * Relative paths (with `/`) of the regular files under `dir`. Symbolic links (to files or folders) and dot
 * files are left out, so nothing outside `dir` is ever read. (`readdir`'s own `recursive` follows links to
 * folders.)
 */
function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of fsSync.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      files.push(
        ...listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`),
      );
    } else if (entry.isFile()) {
      files.push(prefix + entry.name);
    }
  }
  return files.sort();
}

/** Runs `fn` over `items`, as many at a time as the machine has cores (zlib works on libuv's thread pool). */
async function eachLimited<T>(
  items: T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await fn(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, availableParallelism()) }, worker),
  );
}

/** What the handler serves for one file. */
export interface StaticAsset {
  /** Path under the static folder, with `/`: what follows `/static/` in the URL. */
  path: string;
  type: string;
  content: Buffer;
  /** Compressed variants, only those smaller than `content`. */
  variants: Partial<Record<Coding, Buffer>>;
  /** A strong validator of `content`; each variant's ETag derives from it. */
  hash: string;
  lastModified: Date;
}

export interface StaticAssetsLoadResult {
  assets: Map<string, StaticAsset>;
  stats: {
    files: number;
    /** Files left to app-backend because their content holds the runtime config placeholder. */
    excluded: string[];
    bytes: { identity: number; br: number; gzip: number };
    /** Variants taken from the build step's output, and made at startup. */
    variantsFromBuild: number;
    variantsAtStartup: number;
    durationMs: number;
  };
}

/**
 * Loads the content-hashed files of `staticDir` with their compressed variants: those of `precompressedDir`
 * (as `precompressStaticDir` writes them) for the file's exact bytes, else compressed now. `exclude` leaves
 * out files by content (they fall through to app-backend).
 *
 * Reading and hashing are synchronous (a tenth of a second in all, at startup): done asynchronously they
 * took seconds, every step waiting for its turn behind the other plugins' startup and the catalog's first
 * processing.
 */
export async function loadStaticAssets(options: {
  staticDir: string;
  precompressedDir?: string;
  exclude?: (content: Buffer) => boolean;
}): Promise<StaticAssetsLoadResult> {
  const started = performance.now();
  const assets = new Map<string, StaticAsset>();
  const stats: StaticAssetsLoadResult['stats'] = {
    files: 0,
    excluded: [],
    bytes: { identity: 0, br: 0, gzip: 0 },
    variantsFromBuild: 0,
    variantsAtStartup: 0,
    durationMs: 0,
  };
  const missing: Array<{ asset: StaticAsset; coding: Coding }> = [];
  for (const rel of listFiles(options.staticDir)) {
    const type = typeOf(rel);
    if (!isContentHashed(rel) || !type) continue;
    const file = path.join(options.staticDir, ...rel.split('/'));
    const content = fsSync.readFileSync(file);
    if (options.exclude?.(content)) {
      stats.excluded.push(rel);
      continue;
    }
    const sha256 = createHash('sha256').update(content).digest();
    const asset: StaticAsset = {
      path: rel,
      type: type.type,
      content,
      variants: {},
      hash: sha256.toString('base64url').slice(0, 27),
      lastModified: fsSync.statSync(file).mtime,
    };
    assets.set(rel, asset);
    stats.files++;
    stats.bytes.identity += content.length;
    if (!type.compressible) continue;
    for (const coding of CODINGS) {
      const built =
        options.precompressedDir &&
        readIfExists(
          path.join(
            options.precompressedDir,
            sha256.toString('hex') + SUFFIX[coding],
          ),
        );
      if (built) {
        stats.variantsFromBuild++;
        keepIfSmaller(asset, coding, built);
      } else {
        missing.push({ asset, coding });
      }
    }
  }
  await eachLimited(missing, async ({ asset, coding }) => {
    stats.variantsAtStartup++;
    keepIfSmaller(
      asset,
      coding,
      await compress(coding, asset.content, STARTUP_QUALITY),
    );
  });
  for (const asset of assets.values()) {
    for (const coding of CODINGS) {
      stats.bytes[coding] += (asset.variants[coding] ?? asset.content).length;
    }
  }
  stats.durationMs = Math.round(performance.now() - started);
  return { assets, stats };
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fsSync.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function keepIfSmaller(asset: StaticAsset, coding: Coding, variant: Buffer) {
  if (variant.length < asset.content.length) asset.variants[coding] = variant;
}

/**
 * The build step: writes `<precompressedDir>/<sha256>.br` and `.gz` at the best ratios for every compressible
 * content-hashed file under `staticDir`. Returns the byte counts (a variant that is not smaller counts as the
 * file) and how long it took.
 */
export async function precompressStaticDir(options: {
  staticDir: string;
  precompressedDir: string;
}): Promise<{
  files: number;
  bytes: { identity: number; br: number; gzip: number };
  durationMs: number;
}> {
  const started = performance.now();
  const bytes = { identity: 0, br: 0, gzip: 0 };
  const files = listFiles(options.staticDir).filter(
    rel => isContentHashed(rel) && typeOf(rel)?.compressible,
  );
  await fs.rm(options.precompressedDir, { recursive: true, force: true });
  await fs.mkdir(options.precompressedDir, { recursive: true });
  await eachLimited(files, async rel => {
    const content = await fs.readFile(
      path.join(options.staticDir, ...rel.split('/')),
    );
    const sha256 = createHash('sha256').update(content).digest('hex');
    bytes.identity += content.length;
    for (const coding of CODINGS) {
      const variant = await compress(coding, content, BUILD_QUALITY);
      bytes[coding] += Math.min(variant.length, content.length);
      // Written whole under a temporary name, then renamed: a variant file is never partial.
      const target = path.join(
        options.precompressedDir,
        sha256 + SUFFIX[coding],
      );
      await fs.writeFile(`${target}.tmp`, variant);
      await fs.rename(`${target}.tmp`, target);
    }
  });
  return {
    files: files.length,
    bytes,
    durationMs: Math.round(performance.now() - started),
  };
}
