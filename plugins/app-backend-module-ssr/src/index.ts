/**
 * Server-side rendering of Atrium's critical pages, as a module of Backstage's app plugin.
 *
 * @packageDocumentation
 */
export { ssrModule as default, createSsrHandler } from './module';
export { renderPage, injectIntoHtml, type RenderedPage } from './render';
