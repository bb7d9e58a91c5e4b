import {
  announcePageReady,
  LAYER_MAX_MS,
  stepAsideWhenReady,
  type StepAsideReason,
} from './island';

describe('stepping aside', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const waitFor = (options: { page?: string; since?: number }) => {
    const reasons: StepAsideReason[] = [];
    const stop = stepAsideWhenReady({
      ...options,
      stepAside: reason => reasons.push(reason),
    });
    return { reasons, stop };
  };

  it("waits for its own page's announcement, once", () => {
    const { reasons } = waitFor({ page: 'component:default/a', since: 0 });
    announcePageReady('component:default/b');
    expect(reasons).toEqual([]);
    announcePageReady('component:default/a');
    announcePageReady('component:default/a');
    jest.advanceTimersByTime(LAYER_MAX_MS);
    expect(reasons).toEqual(['announced']);
  });

  it('counts an announcement made since it was shown, before it listened', () => {
    const shownAt = Date.now();
    announcePageReady('component:default/a');
    expect(
      waitFor({ page: 'component:default/a', since: shownAt }).reasons,
    ).toEqual(['announced']);
    jest.advanceTimersByTime(1);
    const later = waitFor({ page: 'component:default/a', since: Date.now() });
    expect(later.reasons).toEqual([]);
    later.stop();
  });

  it("takes any page's announcement when it names none", () => {
    const { reasons } = waitFor({});
    announcePageReady('home');
    expect(reasons).toEqual(['announced']);
  });

  it('steps aside after LAYER_MAX_MS without an announcement, unless stopped', () => {
    const { reasons } = waitFor({ page: 'home' });
    jest.advanceTimersByTime(LAYER_MAX_MS - 1);
    expect(reasons).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(reasons).toEqual(['deadline']);

    const stopped = waitFor({ page: 'home' });
    stopped.stop();
    announcePageReady('home');
    jest.advanceTimersByTime(LAYER_MAX_MS);
    expect(stopped.reasons).toEqual([]);
  });
});
