// @ts-check
/**
 * Next's configuration. Deliberately no `env` key (it would inline values into browser
 * bundles), no browser source maps, and the image optimizer off (it is a server-side
 * fetcher the console does not need).
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  productionBrowserSourceMaps: false,
  images: { unoptimized: true },
  // Native and Node-only modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', 'pino', '@node-rs/argon2'],
};

module.exports = nextConfig;
