"""Zappa build callbacks: they run in the ``zappa`` CLI, and this folder is excluded from the package."""
