#!/usr/bin/env bash
# Copies the compiled GOV.UK Frontend (CSS, JS, fonts, images) from node_modules into the package.
set -euo pipefail
SRC=node_modules/govuk-frontend/dist/govuk
DEST=src/csinspect/web/static/govuk
test -d "$SRC" || { echo "govuk-frontend is not installed in node_modules (run npm install)" >&2; exit 1; }
rm -rf "$DEST"; mkdir -p "$DEST"
cp "$SRC"/govuk-frontend.min.css "$SRC"/govuk-frontend.min.js "$DEST"/
cp -r "$SRC"/assets "$DEST"/assets
