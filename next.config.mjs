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
};

export default nextConfig;
