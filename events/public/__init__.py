"""Public events: the published events marked ``public``, readable without login at /public/events."""
