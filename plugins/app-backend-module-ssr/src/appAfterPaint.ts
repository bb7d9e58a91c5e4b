import { createHash } from 'node:crypto';

/**
 * A server-rendered page needs none of the app's scripts or its stylesheet to show: its layer has its own CSS
 * (inline) and plain links. So on such a page the browser first paints the layer and only then spends the
 * connection and the main thread on the app, which boots beneath the layer and takes over when its page is
 * ready:
 * - the app's stylesheets move from the head (where they block every paint) into the body, right after the
 *   layer: the layer paints without them, and the parser, and with it the app's scripts, waits for them;
 * - the app's deferred scripts are held back (`type="atrium/after-paint"`, which no browser loads) and a small
 *   boot script of this module's adds them, in order, in the task after the layer's first frame (at once in a
 *   hidden tab, which paints no frame).
 *
 * Chromium traces of cold loads (issue 16) found the first frame waiting on Backstage UI's 122 KB stylesheet
 * and on the download and compilation of 26 scripts, none of which it uses.
 */

/** The app's deferred scripts, as the app's build writes them into index.html. */
const DEFERRED_SCRIPT = /<script defer(?:="defer")? src="([^"]+)"><\/script>/g;
/** The app's stylesheets, as the app's build writes them into index.html. */
const STYLESHEET = /<link href="([^"]+)" rel="stylesheet">/g;

export const HELD_SCRIPT_TYPE = 'atrium/after-paint';

/**
 * The boot script, in the browser. Written by hand: it is a dozen lines that must run before any bundle, so it
 * cannot be one. A `defer` script runs once the document is parsed, i.e. after the app's stylesheets (in the
 * body, before it) have loaded.
 */
const BOOT_SCRIPT = `(function () {
  var started = false;
  function start() {
    if (started) return;
    started = true;
    var held = document.querySelectorAll('script[type="${HELD_SCRIPT_TYPE}"]');
    for (var i = 0; i < held.length; i++) {
      var script = document.createElement('script');
      script.src = held[i].getAttribute('src');
      script.async = false; // run in document order, as deferred scripts do
      held[i].replaceWith(script);
    }
  }
  if (document.visibilityState === 'hidden') start();
  else requestAnimationFrame(function () { setTimeout(start, 0); });
  // A tab hidden before its first frame paints none.
  document.addEventListener('visibilitychange', start, { once: true });
})();
`;

/** The boot script's path under the app, named by its content so that it can be cached for good. */
export const BOOT_SCRIPT_PATH = `/.atrium-ssr/boot.${createHash('sha256')
  .update(BOOT_SCRIPT)
  .digest('hex')
  .slice(0, 12)}.js`;

export const bootScript = (): string => BOOT_SCRIPT;

export interface AppAfterPaint {
  /** The head without the app's stylesheets, its deferred scripts held back, and the boot script. */
  head: string;
  /** The stylesheet links, for the body after the layer. */
  stylesheets: string;
}

/**
 * Rewrites the head of the app's HTML (`head`: up to `</head>`) as described above. A head with no deferred
 * script is returned unchanged (nothing would boot the app otherwise), with no stylesheets to move.
 */
export function holdAppUntilPainted(head: string): AppAfterPaint {
  if (head.search(DEFERRED_SCRIPT) < 0) {
    return { head, stylesheets: '' };
  }
  const links: string[] = [];
  const rewritten = head
    .replace(STYLESHEET, link => {
      links.push(link);
      return '';
    })
    .replace(
      DEFERRED_SCRIPT,
      (_, src: string) =>
        `<script type="${HELD_SCRIPT_TYPE}" src="${src}"></script>`,
    );
  return {
    head: `${rewritten}<script defer src="${BOOT_SCRIPT_PATH}"></script>`,
    stylesheets: links.join(''),
  };
}
