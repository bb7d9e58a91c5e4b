import { parseEvent, parseEventsBatch } from './events';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const good = (over: object = {}) => ({
  action: 'navigate',
  subject: '/catalog?filters=x',
  context: { pluginId: 'catalog', routeRef: 'catalog:index' },
  timestamp: '2026-12-06T11:59:00.000Z',
  ...over,
});

describe('adoption event validation', () => {
  it('keeps the known fields of a valid event and normalises its timestamp', () => {
    const { event, ts } = parseEvent(
      good({
        attributes: { to: 'x', n: 2, ok: true },
        value: 3,
        timestamp: '2026-12-06T13:59:00+02:00',
        unknown: 'dropped',
        context: {
          pluginId: 'catalog',
          path: '',
          entityRef: 'component:default/a',
        },
      }),
      NOW,
    );
    expect(ts).toBe(Date.parse('2026-12-06T11:59:00Z'));
    expect(event).toEqual({
      action: 'navigate',
      subject: '/catalog?filters=x',
      context: { pluginId: 'catalog', entityRef: 'component:default/a' },
      attributes: { to: 'x', n: 2, ok: true },
      value: 3,
      timestamp: '2026-12-06T11:59:00.000Z',
    });
  });

  it.each([
    [{ action: undefined }, /action is required/],
    [{ action: '' }, /action is empty/],
    [{ action: 'x'.repeat(101) }, /action is longer than 100/],
    [{ context: undefined }, /context is required/],
    [{ context: { pluginId: 3 } }, /context.pluginId must be a string/],
    [
      { attributes: { a: { nested: 1 } } },
      /attributes.a must be a string, number or boolean/,
    ],
    [{ attributes: [1] }, /attributes must be an object/],
    [{ value: 'ten' }, /value must be a finite number/],
    [{ timestamp: 'yesterday' }, /timestamp must be an ISO 8601/],
    [{ timestamp: '2026-12-06T11:59:00' }, /with a zone/],
    [{ timestamp: '2026-02-31T11:59:00Z' }, /not a valid date-time|ISO/],
    [{ timestamp: '2026-12-07T12:00:00Z' }, /in the future/],
  ])('refuses %j', (over, message) => {
    expect(() => parseEvent(good(over), NOW)).toThrow(message);
  });

  it('answers each event of a batch as valid or rejected with its index', () => {
    const batch = parseEventsBatch(
      { events: [good(), { action: 'x' }, good({ subject: 'two' }), 'nope'] },
      { maxBatchSize: 10, now: NOW },
    );
    expect(batch.valid.map(v => v.index)).toEqual([0, 2]);
    expect(batch.rejected).toEqual([
      { index: 1, message: 'context is required' },
      { index: 3, message: 'an event must be an object' },
    ]);
  });

  it('refuses a body that is not a batch, an empty one and one over the limit', () => {
    const opts = { maxBatchSize: 2, now: NOW };
    expect(() => parseEventsBatch({}, opts)).toThrow(/"events"/);
    expect(() => parseEventsBatch({ events: [] }, opts)).toThrow(/empty/);
    expect(() =>
      parseEventsBatch({ events: [good(), good(), good()] }, opts),
    ).toThrow(/at most 2 events/);
  });
});
