/**
 * The frontend's static files, cached the way content-hashed files can be: see ./module.ts.
 */
export { staticAssetsModule } from './module';
export {
  isContentHashed,
  loadStaticAssets,
  precompressStaticDir,
  PRECOMPRESSED_DIR,
  type StaticAsset,
} from './assets';
export {
  CACHE_CONTROL_IMMUTABLE,
  CACHE_CONTROL_REVALIDATE,
  createStaticAssetsHandler,
  htmlNoCache,
  negotiateEncoding,
} from './http';
