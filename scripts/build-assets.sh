#!/usr/bin/env bash
# Copies the compiled GOV.UK Frontend (CSS, JS, fonts, images) from node_modules into the package.
set -euo pipefail
SRC=node_modules/govuk-frontend/dist/govuk
DEST=src/csinspect/web/static/govuk
test -d "$SRC" || { echo "govuk-frontend is not installed in node_modules (run npm install)" >&2; exit 1; }
rm -rf "$DEST"; mkdir -p "$DEST"
cp "$SRC"/govuk-frontend.min.css "$SRC"/govuk-frontend.min.js "$DEST"/
cp -r "$SRC"/assets "$DEST"/assets

# Swagger UI for the API documentation page, served from the package (no CDN, no inline script: the app's
# Content-Security-Policy allows scripts and styles from 'self' only)
SW=node_modules/swagger-ui-dist
SWDEST=src/csinspect/web/static/swagger
test -d "$SW" || { echo "swagger-ui-dist is not installed in node_modules (run npm install)" >&2; exit 1; }
rm -rf "$SWDEST"; mkdir -p "$SWDEST"
cp "$SW"/swagger-ui.css "$SW"/swagger-ui-bundle.js "$SW"/LICENSE "$SWDEST"/
