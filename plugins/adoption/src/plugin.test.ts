import plugin from './plugin';

describe('adoption plugin', () => {
  it('provides the API, the analytics implementation, both pages and the survey', () => {
    expect(plugin.pluginId).toBe('adoption');
    expect(plugin.getExtension('api:adoption')).toBeDefined();
    expect(plugin.getExtension('analytics:adoption')).toBeDefined();
    expect(plugin.getExtension('page:adoption')).toBeDefined();
    expect(plugin.getExtension('page:adoption/mine')).toBeDefined();
    expect(
      plugin.getExtension('app-root-element:adoption/nps-survey'),
    ).toBeDefined();
  });
});
