"""URL confs imported on the first request under their prefix, not when the root URL conf loads.

``include("app.urls")`` imports the module, and every view module it names, as the root URL conf
is read: on a Lambda cold start the first request pays for the views of every part of the API.
``lazy_include`` gives Django a sequence that imports the module the first time the resolver
looks into it. Django tries the patterns in order and only looks into an include whose prefix
matched (or whose earlier siblings did not answer), so the routes, their order, names and
namespaces are those of ``include``; ``reverse()`` and the system checks walk every pattern and
so load every module, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from importlib import import_module

from django.urls import include


class LazyURLPatterns(Sequence):
    """The URL patterns ``load`` returns, loaded on first use."""

    def __init__(self, load: Callable[[], Sequence], description: str):
        self.load = load
        self.description = description
        self._patterns: list | None = None

    @property
    def patterns(self) -> list:
        if self._patterns is None:
            self._patterns = list(self.load())
        return self._patterns

    def __getitem__(self, index):
        return self.patterns[index]

    def __len__(self) -> int:
        return len(self.patterns)

    def __iter__(self):
        return iter(self.patterns)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.description!r}>"


def _module_patterns(name: str, app_name: str | None) -> list:
    module = import_module(name)
    if getattr(module, "app_name", None) != app_name:
        raise ValueError(
            f"lazy_include({name!r}): app_name {app_name!r} is not the module's "
            f"{getattr(module, 'app_name', None)!r}"
        )
    return module.urlpatterns


class _LazyURLConf:
    """What ``include`` and the resolver read of a URL conf module: ``urlpatterns``, ``app_name``."""

    def __init__(self, name: str, app_name: str | None):
        self.__name__ = name
        self.urlpatterns = LazyURLPatterns(partial(_module_patterns, name, app_name), name)
        if app_name is not None:
            self.app_name = app_name

    def __repr__(self) -> str:
        return f"<lazy URL conf {self.__name__!r}>"


def lazy_include(module_name: str, *, app_name: str | None = None, namespace: str | None = None):
    """``include(module_name)``, importing the module on the first request that looks into it.

    ``app_name`` repeats the module's own ``app_name``; a mismatch fails when the module loads.
    """
    return include(_LazyURLConf(module_name, app_name), namespace=namespace)
