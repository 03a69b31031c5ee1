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

from collections.abc import Sequence
from importlib import import_module

from django.urls import include


class LazyURLPatterns(Sequence):
    """The ``urlpatterns`` of the module ``name``, imported on first use."""

    def __init__(self, name: str, app_name: str | None):
        self.name = name
        self.app_name = app_name
        self._patterns: list | None = None

    @property
    def patterns(self) -> list:
        if self._patterns is None:
            module = import_module(self.name)
            if getattr(module, "app_name", None) != self.app_name:
                raise ValueError(
                    f"lazy_include({self.name!r}): app_name {self.app_name!r} is not the module's "
                    f"{getattr(module, 'app_name', None)!r}"
                )
            self._patterns = list(module.urlpatterns)
        return self._patterns

    def __getitem__(self, index):
        return self.patterns[index]

    def __len__(self) -> int:
        return len(self.patterns)

    def __iter__(self):
        return iter(self.patterns)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class _LazyURLConf:
    """What ``include`` and the resolver read of a URL conf module: ``urlpatterns``, ``app_name``."""

    def __init__(self, name: str, app_name: str | None):
        self.__name__ = name
        self.urlpatterns = LazyURLPatterns(name, app_name)
        if app_name is not None:
            self.app_name = app_name

    def __repr__(self) -> str:
        return f"<lazy URL conf {self.__name__!r}>"


def lazy_include(module_name: str, *, app_name: str | None = None, namespace: str | None = None):
    """``include(module_name)``, importing the module on the first request that looks into it.

    ``app_name`` repeats the module's own ``app_name``; a mismatch fails when the module loads.
    """
    return include(_LazyURLConf(module_name, app_name), namespace=namespace)
