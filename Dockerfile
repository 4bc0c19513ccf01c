# syntax=docker/dockerfile:1
# Berth's container image: one image, four roles (docs/image.md).
#   docker build -t berth .
#   docker run berth web|worker|issuer|migrate
# /app is laid out by scripts/image/assemble.sh, the script the tests run (e2e/image.spec.ts),
# so the tests prove what ships. Node's version is the one the tests run on
# (scripts/node-env.sh); pin the digest for release builds: --build-arg NODE_IMAGE=node:…@sha256:…
ARG NODE_IMAGE=node:24.9.0-slim

# Every package the build needs, exactly as package-lock.json pins them. npm ci never rewrites
# the lock; install scripts are skipped as everywhere else (scripts/deps.sh): none is needed.
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# package.json names the `berth` command line as a file: dependency.
COPY scripts/cli/ scripts/cli/
RUN npm ci --ignore-scripts

# The Prisma client, the Next.js standalone build, the compiled worker/issuer/migrate, and the
# production packages they import, assembled in /out.
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_IGNORE_INCORRECT_LOCKFILE=1
COPY . .
RUN bash -c 'root=$PWD; source scripts/deps.sh; prisma_generate'
RUN NODE_ENV=production node_modules/.bin/next build
RUN bash scripts/image/assemble.sh /out

FROM ${NODE_IMAGE} AS runtime
# No package manager at run time: the roles run with plain node.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
  && groupadd --gid 10001 berth \
  && useradd --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin berth
# The root filesystem may be mounted read-only: /tmp (HOME) and /app/.next/cache (the web
# server's cache, owned by the runtime user) are the only places written.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOME=/tmp PORT=3000 BERTH_WORKER_HEALTH_PORT=3001
WORKDIR /app
COPY --from=build /out /app
RUN chown 10001:10001 /app/.next/cache
USER 10001:10001
EXPOSE 3000 3001 3443
ENTRYPOINT ["node", "scripts/image/start.mjs"]
CMD ["web"]
