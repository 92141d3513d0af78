/**
 * Codelumi's web app manifest: what the browser needs to install it (name,
 * icons, standalone window, start URL and scope), what the install dialog
 * shows (description, screenshots), the launcher's shortcuts and the share
 * target. Served as /manifest.webmanifest by app/manifest.ts.
 */
import type { MetadataRoute } from 'next';
import { SHARE_TARGET_PATH } from './app-routes';

/** The colours of the app's background in each scheme (app/globals.css --bg). */
export const APP_COLORS = { light: '#ffffff', dark: '#0d0d12' } as const;

/** The Search shortcut's address: the chat with the sidebar search focused. */
export const SEARCH_SHORTCUT_URL = '/?search=1';

/** Files a share may carry into a chat: text and source files (binary ones are left out when read). */
const SHAREABLE_FILES = [
  'text/*',
  'application/json',
  'application/javascript',
  'application/typescript',
  'application/x-python-code',
  'application/x-sh',
  'application/xml',
  'application/sql',
  'application/toml',
  'application/yaml',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.py',
  '.go',
  '.rs',
  '.java',
  '.kt',
  '.swift',
  '.c',
  '.h',
  '.cpp',
  '.hpp',
  '.cs',
  '.rb',
  '.php',
  '.lua',
  '.sh',
  '.sql',
  '.json',
  '.yaml',
  '.yml',
  '.toml',
  '.md',
  '.txt',
  '.css',
  '.scss',
  '.html',
  '.vue',
  '.graphql',
  '.diff',
  '.patch',
  '.log',
  '.csv',
  '.xml',
  '.ps1',
  '.dockerfile',
];

export type CodelumiManifest = MetadataRoute.Manifest & {
  /**
   * Dark-scheme colours (the manifest incubation's `user_preferences`);
   * browsers that do not know it ignore it, and the page's theme-color meta
   * tags (light and dark) colour the window either way.
   */
  user_preferences: { color_scheme: { dark: { theme_color: string; background_color: string } } };
};

/** The manifest. Guarantees Chromium's install criteria: name, 192 and 512 px icons, start_url, standalone display. */
export function codelumiManifest(): CodelumiManifest {
  return {
    id: '/',
    name: 'Codelumi',
    short_name: 'Codelumi',
    description:
      'A local-first, self-learning AI coding assistant for your own Ollama. Your code and conversations stay on this machine, and it works offline.',
    lang: 'en',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: APP_COLORS.light,
    background_color: APP_COLORS.light,
    user_preferences: { color_scheme: { dark: { theme_color: APP_COLORS.dark, background_color: APP_COLORS.dark } } },
    categories: ['developer', 'productivity', 'utilities'],
    prefer_related_applications: false,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
    screenshots: [
      {
        src: '/screenshots/chat-wide.png',
        sizes: '1280x800',
        type: 'image/png',
        form_factor: 'wide',
        label: 'A conversation about code, answered by a model on your own machine',
      },
      {
        src: '/screenshots/chat-narrow.png',
        sizes: '780x1688',
        type: 'image/png',
        form_factor: 'narrow',
        label: 'Codelumi on a narrow screen: the same chat, with code highlighted',
      },
    ],
    shortcuts: [
      {
        name: 'New chat',
        short_name: 'New chat',
        description: 'Start a new conversation',
        url: '/',
        icons: [{ src: '/icons/shortcut-new-chat-96.png', sizes: '96x96', type: 'image/png' }],
      },
      {
        name: 'Search conversations',
        short_name: 'Search',
        description: 'Search everything you asked and every answer',
        url: SEARCH_SHORTCUT_URL,
        icons: [{ src: '/icons/shortcut-search-96.png', sizes: '96x96', type: 'image/png' }],
      },
    ],
    share_target: {
      action: SHARE_TARGET_PATH,
      method: 'POST',
      enctype: 'multipart/form-data',
      params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: SHAREABLE_FILES }] },
    },
  };
}
