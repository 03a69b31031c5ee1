"""Parsers that turn environment variables into settings values; the settings module only assigns."""
