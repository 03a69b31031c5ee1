"""eventsite's settings plus a bench-only URL: the bare DRF hello endpoint the load is compared to."""

from eventsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
