/* eslint-disable no-script-url -- script URLs are what these tests refuse */
import { linkProtocol, safeHref } from './safeHref';

describe('safeHref', () => {
  it('keeps http, https and mailto links, and relative ones, as they are', () => {
    for (const url of [
      'https://grafana.larkspur.example/d/svc?var-name=a&from=1',
      'http://localhost:9093/#/alerts',
      'HTTPS://EXAMPLE.COM',
      'mailto:team-payments@larkspur.example',
      '/catalog/default/component/payments-gateway',
      'docs/runbook',
    ]) {
      expect(safeHref(url)).toBe(url);
    }
  });

  it('refuses every other scheme, however it is disguised, and what is not a string', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'http://[not a host',
      '',
      '   ',
    ]) {
      expect({ url, href: safeHref(url) }).toEqual({ url, href: undefined });
    }
    expect(safeHref(undefined)).toBeUndefined();
    expect(safeHref(null)).toBeUndefined();
    expect(safeHref(42)).toBeUndefined();
  });

  it('names the scheme a browser would give the link', () => {
    expect(linkProtocol('java\tscript:alert(1)')).toBe('javascript:');
    expect(linkProtocol('/relative')).toBe('https:');
    expect(linkProtocol('http://[')).toBeUndefined();
  });
});
