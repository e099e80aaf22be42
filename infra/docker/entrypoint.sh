#!/bin/sh
# Starts one SMSS process from its image, chosen by $SERVICE (baked in at build time with
# --build-arg SERVICE=..., overridable at run time only to a process the image was built for):
#   SERVICE=gateway  -> gateway/dist/index.js
#   SERVICE=<name>   -> services/<name>/dist/index.js
# The compiled bundle runs on plain node (one process, so SIGTERM reaches the service's shutdown
# handler); NODE_OPTIONS passes extra flags (e.g. --enable-source-maps for mapped stack traces).
# Any arguments replace the default command, e.g. `docker run --rm <image> node --version`.
set -eu

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

SERVICE="${SERVICE:?SERVICE must name the gateway or a services/* workspace}"
case "$SERVICE" in
  gateway) entry="gateway/dist/index.js" ;;
  *) entry="services/$SERVICE/dist/index.js" ;;
esac

if [ ! -f "$entry" ]; then
  echo "smss-entrypoint: no build $entry in this image (built for another SERVICE?)" >&2
  exit 64
fi

exec node "$entry"
