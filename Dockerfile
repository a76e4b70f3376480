# Caregate gateway, Node 20. Two stages: build (all dependencies, esbuild compiles to dist/), then a
# runtime image with production dependencies and dist/ only: no sources, no tsx, no dev tools.
# Each RUN is the command `npm run build` / test/integration/compiled-build.test.ts exercise by hand;
# install scripts stay off (nothing the gateway needs has one; esbuild's binary is its platform package).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The image's unprivileged user; the app only reads its files.
USER node
# PORT (default 8787). HOST defaults to all interfaces outside the sandbox.
EXPOSE 8787
# Liveness with node itself (slim images have no curl). /readyz is for the load balancer.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The gateway drains on SIGTERM (SHUTDOWN_DRAIN_DELAY_MS, then up to SHUTDOWN_DEADLINE_MS): give the
# orchestrator's stop timeout more than both (docker's default is 10 s).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/runtime/node.js"]
