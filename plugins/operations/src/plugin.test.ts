import plugin from './plugin';

describe('operations plugin', () => {
  it('provides the API, the Operations tab and the alerts card', () => {
    expect(plugin.pluginId).toBe('operations');
    expect(plugin.getExtension('api:operations')).toBeDefined();
    expect(plugin.getExtension('entity-content:operations')).toBeDefined();
    expect(plugin.getExtension('entity-card:operations/alerts')).toBeDefined();
  });
});
