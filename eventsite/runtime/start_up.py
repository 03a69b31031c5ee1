"""The garbage collector, paused while a Lambda container starts and resumed once it is ready.

A cold start is on its first caller's request, and most of it is importing modules and building
classes that live as long as the process. Python's cyclic collector, triggered by the allocations,
traverses them again and again and finds almost nothing to free (bench/README.md, item 14).
``pause_collector`` runs when Django first imports the project (``eventsite/__init__.py``), on
Lambda only; ``StartUpCompleteMiddleware`` resumes it once the WSGI handler is built, with the
start-up's objects frozen (``gc.freeze``) so that later collections skip them too.
"""

from __future__ import annotations

import gc

from django.core.exceptions import MiddlewareNotUsed

_paused = False


def pause_collector() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what start-up made and collect again; nothing to do unless ``pause_collector`` paused."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


class StartUpCompleteMiddleware:
    """The first entry of ``MIDDLEWARE``: Django builds the chain from the last entry to the first,
    so building this one ends the handler's start-up. It resumes the collector and leaves the chain.
    """

    def __init__(self, get_response):
        resume_collector()
        raise MiddlewareNotUsed
