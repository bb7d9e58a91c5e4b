/**
 * @jest-environment @backstage/cli/config/jest-environment-jsdom
 */
import {
  BOOT_SCRIPT_PATH,
  HELD_SCRIPT_TYPE,
  bootScript,
  holdAppUntilPainted,
} from './appAfterPaint';

const HEAD =
  '<!doctype html><html><head><title>Atrium</title>' +
  '<script defer="defer" src="/static/runtime.1.js"></script>' +
  '<script defer="defer" src="/static/vendor.2.js"></script>' +
  '<script defer="defer" src="/static/main.3.js"></script>' +
  '<link href="/static/vendor.4.css" rel="stylesheet">' +
  '<script type="backstage.io/config">[]</script>';

describe('holdAppUntilPainted', () => {
  it('holds the scripts back in order, takes the stylesheets out of the head and adds the boot script', () => {
    const { head, stylesheets } = holdAppUntilPainted(HEAD);
    expect(head).not.toContain('rel="stylesheet"');
    expect(head).not.toContain('defer="defer"');
    expect(
      [...head.matchAll(/<script type="([^"]+)" src="([^"]+)">/g)].map(
        m => `${m[1]} ${m[2]}`,
      ),
    ).toEqual([
      `${HELD_SCRIPT_TYPE} /static/runtime.1.js`,
      `${HELD_SCRIPT_TYPE} /static/vendor.2.js`,
      `${HELD_SCRIPT_TYPE} /static/main.3.js`,
    ]);
    expect(head).toContain(`<script defer src="${BOOT_SCRIPT_PATH}"></script>`);
    expect(head).toContain('<script type="backstage.io/config">[]</script>');
    expect(stylesheets).toBe(
      '<link href="/static/vendor.4.css" rel="stylesheet">',
    );
  });

  it('leaves a head without deferred scripts as it is', () => {
    const head =
      '<head><link href="/a.css" rel="stylesheet"><script src="/b.js"></script>';
    expect(holdAppUntilPainted(head)).toEqual({ head, stylesheets: '' });
  });
});

describe('the boot script, in a document', () => {
  let frames: FrameRequestCallback[];

  beforeEach(() => {
    jest.useFakeTimers();
    frames = [];
    jest
      .spyOn(window, 'requestAnimationFrame')
      .mockImplementation(callback => frames.push(callback));
    document.head.innerHTML = holdAppUntilPainted(HEAD).head.replace(
      /^.*<head>/,
      '',
    );
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const loadable = () =>
    [...document.querySelectorAll('script[src]')]
      .filter(s => !s.getAttribute('type'))
      .filter(s => !s.getAttribute('src')!.startsWith('/.atrium-ssr/'))
      .map(s => [s.getAttribute('src'), (s as HTMLScriptElement).async]);

  it("adds the app's scripts, in order and not async, in the task after the first frame", () => {
    // eslint-disable-next-line no-new-func
    new Function(bootScript())();
    expect(loadable()).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0](0);
    expect(loadable()).toEqual([]); // the frame is being painted
    jest.runOnlyPendingTimers();
    expect(loadable()).toEqual([
      ['/static/runtime.1.js', false],
      ['/static/vendor.2.js', false],
      ['/static/main.3.js', false],
    ]);
    expect(
      document.querySelectorAll(`script[type="${HELD_SCRIPT_TYPE}"]`),
    ).toHaveLength(0);
    // Once only, whatever else happens.
    document.dispatchEvent(new Event('visibilitychange'));
    expect(loadable()).toHaveLength(3);
  });

  it('adds them at once in a hidden tab, which paints no frame', () => {
    jest.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    // eslint-disable-next-line no-new-func
    new Function(bootScript())();
    expect(loadable()).toHaveLength(3);
  });

  it('adds them when the tab is hidden before its first frame', () => {
    // eslint-disable-next-line no-new-func
    new Function(bootScript())();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(loadable()).toHaveLength(3);
  });
});
