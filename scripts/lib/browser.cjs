// Finds a Chromium for Playwright: Playwright's own download when present
// (what a developer gets from `npx playwright install chromium`), else a
// system Chromium on PATH: Debian's `chromium-headless-shell` first (what
// Playwright itself runs headless: a third lighter than the full browser in
// headless mode, measured on the browser tests), then `chromium`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return undefined;
}

/** Path of Playwright's bundled Chromium when it is installed, else undefined. */
function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

const DEBIAN_HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/** A system Chromium/Chrome (the headless shell first) on PATH, else undefined. */
function systemChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const names = ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const name of names) {
    const p = onPath(name);
    // Debian's /usr/bin/chromium-headless-shell is a shell script that starts the binary as its child.
    if (p && name === 'chromium-headless-shell' && fs.existsSync(DEBIAN_HEADLESS_SHELL)) return DEBIAN_HEADLESS_SHELL;
    if (p) return p;
  }
  return undefined;
}

/**
 * How Playwright should launch Chromium: `{ executablePath?, args }`, or
 * undefined when no browser is found. Playwright's own browser needs no path.
 */
function chromiumLaunch() {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
    // Every site in its own process, as in desktop Chrome. The headless shell leaves it off, and then a
    // preview or the code sandbox shares the app's process: a looping preview would freeze the app.
    '--site-per-process',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  const own = playwrightChromium();
  if (own) return { args };
  const sys = systemChromium();
  if (sys) return { executablePath: sys, args };
  return undefined;
}

/** `launch` with V8 flags added to its `--js-flags` (Chromium reads one such switch: the flags go into one). */
function withJsFlags(launch, ...flags) {
  if (!launch) return launch;
  const given = launch.args.find((a) => a.startsWith('--js-flags='));
  const all = [...(given ? given.slice('--js-flags='.length).split(' ') : []), ...flags];
  return { ...launch, args: [...launch.args.filter((a) => a !== given), `--js-flags=${all.join(' ')}`] };
}

/**
 * How the browser tests launch Chromium: chromiumLaunch() with V8's
 * optimising JavaScript compilers off (`--max-opt=1`: the interpreter and its
 * baseline compiler, Sparkplug; no Maglev, no TurboFan). The bench, the eval
 * and the icons keep chromiumLaunch(), so their figures are what a user's
 * Chromium does. Behaviour does not change: the same code runs, only less of
 * it is compiled to optimised machine code.
 *
 * Each test opens the app in a fresh browser context, where nothing compiled
 * before is reused, and is over in a few seconds: the optimising compilers
 * spend their CPU (on background threads, beside the two test workers on two
 * cores) on code that runs a few times before the page is closed. Measured on
 * five specs (56 tests, 2 workers, the whole machine's CPU): 89–92 s of wall
 * time and 157–164 s of CPU by default, 74–79 s and 123–133 s with the flag;
 * `--max-opt=2` (Maglev kept) saved nothing. A spec whose page computes for
 * long keeps chromiumLaunch(): personal-model.spec.ts, whose adapter checksum
 * (SHA-256 over megabytes in JavaScript) took 15 s instead of 2 without them.
 */
function chromiumLaunchForTests() {
  return withJsFlags(chromiumLaunch(), '--max-opt=1');
}

/**
 * How the browser specs that start Python in every test launch Chromium (they
 * say so with `test.use({ launchOptions: pythonTestLaunch() })`,
 * e2e/support/runner.ts): chromiumLaunchForTests() plus `--liftoff-only`.
 *
 * With the flag V8 runs WebAssembly on its baseline (Liftoff) code and never
 * optimises it with TurboFan. By default every page that starts Python also
 * optimises Pyodide's hot functions on background threads, about 5 s of CPU,
 * and every test starts Python in a fresh browser context, where nothing
 * compiled before can be reused (lib/runner/README.md, "Cheap Python
 * starts"); with two test workers on two cores that starved the other worker.
 * These specs' programs are a few lines long, so baseline code runs them
 * about as fast. Measured on runner-warm-up, -fix, -run, -offline, -multifile
 * and -tamper (22 tests, 2 workers, CPU of every process the run started):
 * 415 s of CPU and 366 s of wall time by default, 298 s and 274 s with the
 * flag. The specs that run dozens of programs in one page keep chromiumLaunchForTests():
 * there the flag saves nothing or costs time (runner-escape: 83 s by default,
 * 202 s with the flag; runner-tamper's Python test: 44 and 57 s of CPU by
 * default, 43 and 57 s with it).
 */
function chromiumLaunchForPythonTests() {
  return withJsFlags(chromiumLaunchForTests(), '--liftoff-only');
}

const NO_BROWSER_HELP =
  'No Chromium found for the browser tests. Install one of:\n' +
  '  npx playwright install chromium      (Playwright’s own build)\n' +
  '  sudo apt-get install chromium-headless-shell   (Debian system package; or chromium)\n' +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable.';

module.exports = {
  playwrightChromium,
  systemChromium,
  chromiumLaunch,
  chromiumLaunchForTests,
  chromiumLaunchForPythonTests,
  NO_BROWSER_HELP,
};
