"""One module per page (and ``api`` for /api/v1); each exposes ``router``."""
