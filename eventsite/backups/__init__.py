"""Backups the application controls: ``export_data`` and ``import_data`` (``services``), and the
scheduled export to S3 (``tasks``, ``lambda_handlers``). Models are found through the app registry."""
