"""API plumbing: the error envelope and its handler, fields, parsers, throttles, idempotency, OpenAPI."""
