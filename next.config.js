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
  // Sent with every response Next makes (pages also get a per-request CSP from proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
  // Version-skew protection across instances and rolling deploys: set by `npm run build`
  // (scripts/build.mjs) and, at run time, by the server from the build's dist/deployment-id.
  deploymentId: process.env.DEPLOYMENT_ID || undefined,
  serverExternalPackages: ['better-sqlite3', 'pg', 'pino', '@node-rs/argon2'],
};

module.exports = nextConfig;
