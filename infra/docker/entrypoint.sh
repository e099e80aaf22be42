#!/bin/sh
# Starts one SMSS process from the monorepo image, chosen by $SERVICE (baked in at build time
# with --build-arg SERVICE=..., overridable at run time):
#   SERVICE=gateway  -> gateway/src/index.ts
#   SERVICE=<name>   -> services/<name>/src/index.ts
# TypeScript runs directly through tsx (`node --import tsx`: one process, so SIGTERM reaches the
# service's shutdown handler). Any arguments replace the default command, e.g.
# `docker run --rm <image> node --version`.
set -eu

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

SERVICE="${SERVICE:?SERVICE must name the gateway or a services/* workspace}"
case "$SERVICE" in
  gateway) entry="gateway/src/index.ts" ;;
  *) entry="services/$SERVICE/src/index.ts" ;;
esac

if [ ! -f "$entry" ]; then
  echo "smss-entrypoint: no entry point $entry for SERVICE=$SERVICE" >&2
  exit 64
fi

exec node --import tsx "$entry"
