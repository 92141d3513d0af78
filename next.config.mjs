/**
 * Codelumi is a static site: `next build` writes plain files to out/, which
 * scripts/start.mjs serves on localhost. There is no server code.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  output: 'export',
  trailingSlash: true,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // `npm test` runs `tsc --noEmit` itself; keeping it out of the build makes
  // `npm start` quicker and never blocks a user from starting the app.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  // The sandbox's Python harness is .py source imported as text (lib/runner/python-harness.ts); esbuild bundles it
  // for the sandbox, and this rule lets the app's own bundles import it the same way.
  turbopack: { rules: { '*.py': { type: 'text' } } },
};

export default nextConfig;
