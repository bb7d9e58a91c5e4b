# Atrium's production image: the backend bundle and the built frontend on Node 22, running as uid 1000.
#
# Backstage's "host build": the code is built on the host (or the CI runner), the image only packs it.
#   yarn install --immutable
#   yarn workspace backend build:production     # packages/backend/dist/{skeleton,bundle}.tar.gz, precompressed frontend
#   docker build -t atrium .                    # or: buildah bud -t atrium .
# It runs on PostgreSQL only (app-config.production.yaml; the SQLite driver is a development dependency). See
# deploy/README.md for what it expects at run time.
#
# BASE_IMAGE: a Debian bookworm image with Node 22 as /usr/local/bin/node and a user 1000, by default the official
# one. tests/image.test.ts builds an equivalent from Debian's packages, as no registry can be reached there.
ARG BASE_IMAGE=node:22-bookworm-slim

# Stage 1: the production dependencies of the packages in the bundle, from the lockfile. The skeleton holds the
# package.json of each of those workspace packages. Nothing is compiled (no native addon is a production
# dependency), so the stage needs no compiler; it is left behind with Yarn and its cache.
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
COPY .yarnrc.yml package.json yarn.lock ./
COPY .yarn/releases/ .yarn/releases/
# Patches the lockfile applies to packages from the registry (.yarn/patches: the catalog backend's).
COPY .yarn/patches/ .yarn/patches/
ADD packages/backend/dist/skeleton.tar.gz ./
RUN node "$(sed -n 's/^yarnPath: *//p' .yarnrc.yml)" workspaces focus --all --production

# Stage 2: what runs. Everything under /app belongs to root and is only read: the process needs no writable path
# but /tmp.
FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules/ node_modules/
# The bundle: the root package.json, the backend and Atrium's packages it uses (dist/ and package.json each), and
# the frontend (packages/app/dist). ADD unpacks it.
ADD packages/backend/dist/bundle.tar.gz ./
# The bundle's top folder is 0700 (Backstage packs it from a private temporary folder) and ADD gives /app its
# mode: let uid 1000 in.
RUN chmod 0755 /app
# The frontend's static files in brotli and gzip, made by build:production (served from memory; see
# packages/backend/src/modules/staticAssets).
COPY packages/app/dist/.precompressed/ packages/app/dist/.precompressed/
COPY app-config.yaml app-config.production.yaml ./
# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 7007
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
