# Multi-stage production image. No Docker engine runs on the machines this project is developed
# and tested on, so this file is kept minimal and mirrors the tested start command exactly:
# `npm start` (scripts/start.ts) with DATABASE_URL and REDIS_URL pointing at the compose services.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS run
# bubblewrap sandboxes scripts; python3/bash run them; util-linux (prlimit, setpriv) and time apply limits.
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap python3 bash util-linux time redis-tools \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=8087
COPY --from=build /app /app
RUN useradd --system --uid 10001 --home /app vss && mkdir -p /app/.data /app/logs && chown -R vss /app/.data /app/logs
USER vss
EXPOSE 8087
# Non-root: bubblewrap then uses a user namespace (the container must allow unprivileged user
# namespaces, e.g. `security_opt: [seccomp=unconfined]` on older Docker).
CMD ["node", "scripts/start.mjs"]
