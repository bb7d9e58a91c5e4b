#!/usr/bin/env bash
# Moves every @backstage/* package to the newest Backstage release on the npm registry, all together, or checks
# (offline) that the repository agrees with one release.
#
#   scripts/upgrade-backstage.sh --check            exit 0 when every @backstage/* dependency of every workspace
#                                                   manifest and every version yarn.lock resolves agree with the
#                                                   release recorded in backstage.json and the root resolutions;
#                                                   otherwise exit 1, naming each disagreement.
#   scripts/upgrade-backstage.sh [--release X.Y.Z]  move: newest versions (each package's `latest`, checked to be
#                                                   one coherent release), Yarn patches re-made on them, root
#                                                   resolutions, workspace ranges and backstage.json written,
#                                                   yarn install, then the check.
#   scripts/upgrade-backstage.sh --dry-run          print the move only.
#
# How "the newest release" and its number are learnt without versions.backstage.io: scripts/lib/backstageRelease.ts.
# What the check holds the repository to: scripts/lib/backstageVersions.ts.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
ensure_node
ensure_yarn
exec node "$ATRIUM_ROOT/scripts/lib/upgradeBackstage.ts" "$@"
