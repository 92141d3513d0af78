/**
 * `npx tsx scripts/pwa/render-icons.ts`: draws Codelumi's PNG icons from the
 * SVG sources in public/icons/ with headless Chromium (the one the tests
 * use), plus public/favicon.ico (16, 32 and 48 px PNGs in one ICO). The
 * PNGs are committed; run this again only when an SVG changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunch, NO_BROWSER_HELP } = require('../lib/browser.cjs') as typeof import('../lib/browser.cjs');

const ICONS = path.resolve(__dirname, '..', '..', 'public', 'icons');
const PUBLIC = path.dirname(ICONS);

/** [svg source, png name, size] */
const RENDERS: [string, string, number][] = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
  // iOS cuts its own rounded shape and shows no transparency: the full-bleed mark.
  ['maskable.svg', 'apple-touch-icon.png', 180],
  ['shortcut-new-chat.svg', 'shortcut-new-chat-96.png', 96],
  ['shortcut-search.svg', 'shortcut-search-96.png', 96],
];
const FAVICON_SIZES = [16, 32, 48];

/** An ICO file holding PNG images (supported by every current browser and OS). */
function icoFromPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main() {
  const launch = chromiumLaunch();
  if (!launch) throw new Error(NO_BROWSER_HELP);
  const browser = await chromium.launch({ headless: true, ...launch });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const render = async (svgFile: string, size: number) => {
      const svg = fs
        .readFileSync(path.join(ICONS, svgFile), 'utf8')
        .replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
      return page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
    };
    for (const [svg, png, size] of RENDERS) {
      fs.writeFileSync(path.join(ICONS, png), await render(svg, size));
      console.log(`public/icons/${png} (${size}×${size})`);
    }
    const favicons = [];
    for (const size of FAVICON_SIZES) favicons.push({ size, png: await render('icon.svg', size) });
    fs.writeFileSync(path.join(PUBLIC, 'favicon.ico'), icoFromPngs(favicons));
    console.log(`public/favicon.ico (${FAVICON_SIZES.join(', ')} px)`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
