// Finds a Chromium for Playwright: Playwright's own download when present
// (what a developer gets from `npx playwright install chromium`), else a
// system Chromium on PATH (Debian's `chromium` package in CI).
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

/** A system Chromium/Chrome on PATH, else undefined. */
function systemChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = onPath(name);
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
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  const own = playwrightChromium();
  if (own) return { args };
  const sys = systemChromium();
  if (sys) return { executablePath: sys, args };
  return undefined;
}

const NO_BROWSER_HELP =
  'No Chromium found for the browser tests. Install one of:\n' +
  '  npx playwright install chromium      (Playwright’s own build)\n' +
  '  sudo apt-get install chromium        (Debian/Ubuntu system package)\n' +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable.';

module.exports = { playwrightChromium, systemChromium, chromiumLaunch, NO_BROWSER_HELP };
