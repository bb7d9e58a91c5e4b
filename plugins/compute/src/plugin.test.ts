import plugin from './plugin';

describe('compute plugin', () => {
  it('provides the API, the Compute tab and the team card', () => {
    expect(plugin.pluginId).toBe('compute');
    expect(plugin.getExtension('api:compute')).toBeDefined();
    expect(plugin.getExtension('entity-content:compute')).toBeDefined();
    expect(plugin.getExtension('entity-card:compute/team')).toBeDefined();
  });
});
