/**
 * The app's own addresses, as the service worker sees them. The export is
 * static: each page is one prerendered HTML file, and conversations are the
 * chat page with a query (`/?c=<id>`), so a handful of files answer every
 * in-app URL.
 */

/** Every page of the app (trailing slash, as `next.config.mjs` exports them). */
export const APP_PAGES = [
  '/',
  '/models/',
  '/settings/',
  '/memory/',
  '/learning/',
  '/projects/',
  '/contributions/',
  '/build/',
] as const;

/** Where the operating system posts shared items (the manifest's `share_target.action`). */
export const SHARE_TARGET_PATH = '/share-target/';

/** The build's identity, written next to the app by the build and precached with it. */
export const BUILD_INFO_PATH = '/version.json';

/**
 * The precached HTML file that answers a navigation to `pathname`, or
 * undefined when the path is not a page of the app (then the network decides).
 * Guarantees: only the pages in APP_PAGES map, with or without the trailing slash.
 */
export function shellFor(pathname: string): string | undefined {
  const page = pathname.endsWith('/') ? pathname : `${pathname}/`;
  return (APP_PAGES as readonly string[]).includes(page) ? `${page}index.html` : undefined;
}
