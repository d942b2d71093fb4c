import type { NextConfig } from 'next';

const basePath = process.env.FLOWSCOPE_BASE_PATH ?? '';

const nextConfig: NextConfig = {
  basePath: basePath === '/' ? '' : basePath,
  // A second build, e.g. under a path prefix, can live beside the default one.
  distDir: process.env.FLOWSCOPE_DIST_DIR ?? '.next',
  // The container image copies the standalone server; plain `next start` needs the default.
  output: process.env.FLOWSCOPE_STANDALONE === '1' ? 'standalone' : undefined,
  env: { NEXT_PUBLIC_BASE_PATH: basePath === '/' ? '' : basePath },
  poweredByHeader: false,
  reactStrictMode: true,
  // The policy schemas (policy lab drafts) load re2's wasm from their own folder at runtime.
  serverExternalPackages: [
    '@grpc/grpc-js',
    'kubernetes-models',
    '@kubernetes-models/cilium',
    '@kubernetes-models/validate',
    're2-wasm',
  ],
};

export default nextConfig;
