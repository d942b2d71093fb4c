# Flowscope container image: the Next.js standalone server (same server as `npm start`).
# Build: docker build -t flowscope .   Run: docker run -p 3000:3000 --read-only --tmpfs /tmp flowscope

# 1. Dependencies as the lockfile pins them (cached until package*.json change). Not `npm ci`:
# the lockfile lists only linux-x64 builds of packages with per-platform binaries.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-save --no-audit --no-fund

# 2. Production build with `output: 'standalone'` (see next.config.ts).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN FLOWSCOPE_STANDALONE=1 npm run build && mkdir -p public

# 3. Runtime: standalone server, static assets, public files; no npm, no sources, no dev deps.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1
RUN groupadd --system --gid 10001 flowscope \
  && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin flowscope
# Files stay owned by root (read-only for the app); only Next's cache dir is writable. With a
# read-only root filesystem, mount an emptyDir at /app/.next/cache and /tmp (deploy/ does).
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# Policies that explain the demo relay's verdicts (read at run time, so not traced).
COPY --from=build /app/server/policies/demo ./server/policies/demo
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache
USER 10001:10001
EXPOSE 3000
# No --start-period: dockerfilelint 1.8 rejects it; 3 retries x 30s cover the start.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
