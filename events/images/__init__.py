"""An event's cover image: upload (multipart locally, a presigned S3 POST in production), checks
and processing in a task, and the image and thumbnail URLs in the event JSON."""
