# Production image: dependencies in one stage, a small non-root runtime in the next.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY jobs ./jobs
COPY drizzle ./drizzle
COPY curriculum ./curriculum
COPY scripts ./scripts
# The bundle is made here, once, so that containers start from it without rebuilding.
RUN node scripts/bundle.mjs
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# scripts/start.mjs runs dist/main.js, and rebuilds it first only if a source is newer than it.
CMD ["node", "scripts/start.mjs"]
