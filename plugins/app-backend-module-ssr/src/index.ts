/**
 * Server-side rendering of Atrium's critical pages, as a module of Backstage's app plugin.
 *
 * @packageDocumentation
 */
export { ssrModule as default } from './module';
export { renderPage, injectIntoHtml, type RenderedPage } from './render';
