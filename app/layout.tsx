import type { Metadata, Viewport } from 'next';
import './globals.css';
import { LazyShell } from './_components/lazy-shell';
import { THEME_BOOT_SCRIPT } from './_components/theme-script';
import { APP_COLORS } from '@/lib/pwa/manifest';
import { CONNECT_POLICY_BOOT_SCRIPT } from '@/lib/privacy/connect-policy';

export const metadata: Metadata = {
  title: 'Codelumi',
  description: 'A local-first, self-learning AI coding assistant for your own Ollama.',
  applicationName: 'Codelumi',
  // The manifest link comes from app/manifest.ts.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icons/icon.svg', type: 'image/svg+xml' },
    ],
    apple: [{ url: '/icons/apple-touch-icon.png', sizes: '180x180' }],
  },
  appleWebApp: { capable: true, title: 'Codelumi', statusBarStyle: 'default' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // The installed app's title bar follows the scheme (the manifest has one colour).
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: APP_COLORS.light },
    { media: '(prefers-color-scheme: dark)', color: APP_COLORS.dark },
  ],
};

/**
 * Model output is untrusted. Besides sanitised rendering, the page itself
 * may load nothing from elsewhere: scripts, styles, images and fonts come
 * only from this origin (so a markdown image in an answer cannot call home).
 * Requests go to the user's Ollama, wherever Settings points it.
 *
 * `connect-src *` here is deliberately broad: this static export is built
 * once for every user, so it cannot name anyone's Ollama or hub, and a policy
 * can only be narrowed after it, never widened. The narrow one, `connect-src
 * 'self' <Ollama> [<hub> at tier 1 and above]`, is added at boot by
 * CONNECT_POLICY_BOOT_SCRIPT (lib/privacy/connect-policy.ts) before the app's
 * first request; both policies apply. Changing the Ollama address or the tier
 * so that the page needs another origin reloads the page (Settings says so).
 *
 * `blob:` in script-src is for the code sandbox, not for this page: a srcdoc
 * iframe inherits this policy, and the sandbox's worker (itself a Blob URL)
 * loads the user's program and the runtimes with importScripts/import() of
 * Blob URLs it creates, because its CSP allows no 'unsafe-eval'. The
 * sandbox's own, stricter policy applies on top (lib/runner/sandbox-document.ts).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  'connect-src *',
  // 'self' covers the service worker (/sw.js) and the app's own workers.
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  // The app's only frames are the runner and preview sandboxes, both srcdoc documents, which
  // frame-src does not govern. 'none' also governs where such a frame may navigate itself
  // (its own CSP cannot): nowhere, so a preview cannot leave for another address, data: or blob:.
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {process.env.NODE_ENV === 'production' && (
          <meta httpEquiv="Content-Security-Policy" content={CONTENT_SECURITY_POLICY} />
        )}
        {process.env.NODE_ENV === 'production' && (
          <script dangerouslySetInnerHTML={{ __html: CONNECT_POLICY_BOOT_SCRIPT }} />
        )}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <LazyShell>{children}</LazyShell>
      </body>
    </html>
  );
}
