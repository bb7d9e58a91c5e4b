/*
 * The frontend build step of ./module.ts: precompresses the content-hashed files of a built frontend.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs precompress.ts <app dist folder>
 *
 * writes <dist>/.precompressed/<sha256 of the file>.br and .gz (brotli quality 11, gzip 9), then summary.json
 * (the byte counts and the time taken; scripts/lib/backend.sh, which runs this after `yarn workspace app build`,
 * takes it as the mark of a complete run).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { precompressStaticDir, PRECOMPRESSED_DIR } from './assets';

async function main() {
  const distDir = process.argv[2];
  if (!distDir) {
    throw new Error('usage: precompress.ts <app dist folder>');
  }
  const precompressedDir = path.join(distDir, PRECOMPRESSED_DIR);
  const result = await precompressStaticDir({
    staticDir: path.join(distDir, 'static'),
    precompressedDir,
  });
  const summary = JSON.stringify(result);
  // Marks a complete run (the build script checks for it).
  writeFileSync(path.join(precompressedDir, 'summary.json'), `${summary}\n`);
  process.stdout.write(`${summary}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
