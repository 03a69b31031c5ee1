"""The zip callback's patches of pinned libraries: applied where their text is, refused where it changed."""

import marshal
import types
import zipfile

import pytest

from eventsite.lambda_build.package import LIBRARY_PATCHES, slim_zip

SIMPLEJWT = "rest_framework_simplejwt/settings.py"
PLUMBING = "drf_spectacular/plumbing.py"
AUTH_MIDDLEWARE = "django/contrib/auth/middleware.py"


def built_zip(tmp_path, sources: dict[str, bytes]):
    path = tmp_path / "built.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, source in sources.items():
            archive.writestr(name, source)
    return path


def pinned_sources() -> dict[str, bytes]:
    """The patched lines as the pinned releases have them."""
    return {
        SIMPLEJWT: b"from django.test.signals import setting_changed\n",
        PLUMBING: b"from rest_framework.test import APIRequestFactory\n\n\n"
        b"def build_mock_request(method, path, view, original_request, **kwargs):\n"
        b"    request = getattr(APIRequestFactory(), method.lower())(path=path)\n"
        b"    return request\n",
        AUTH_MIDDLEWARE: b"from django.contrib.auth.views import redirect_to_login\n\n\n"
        b"class LoginRequiredMiddleware:\n"
        b"    def handle_no_permission(self, request, view_func):\n"
        b"        return redirect_to_login(\n"
        b"            request.get_full_path(),\n"
        b"        )\n",
    }


def slim(tmp_path, sources: dict[str, bytes]) -> zipfile.ZipFile:
    zip_path = built_zip(tmp_path, sources)
    static_root = tmp_path / "static"
    static_root.mkdir()
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    slim_zip(zip_path, static_root, frozenset({"en"}), project_dir)
    return zipfile.ZipFile(zip_path)


def nested_code(code: types.CodeType):
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield const
            yield from nested_code(const)


def imported_names(archive: zipfile.ZipFile, name: str) -> tuple[set[str], set[str]]:
    """The names a shipped module's bytecode imports: at module level, and in its functions."""
    code = marshal.loads(archive.read(name.removesuffix(".py") + ".pyc")[16:])
    return set(code.co_names), {name for inner in nested_code(code) for name in inner.co_names}


def test_the_pinned_libraries_ship_without_their_start_up_imports(tmp_path):
    assert set(pinned_sources()) == set(LIBRARY_PATCHES)

    with slim(tmp_path, pinned_sources()) as archive:
        simplejwt, _ = imported_names(archive, SIMPLEJWT)
        plumbing, in_plumbing_functions = imported_names(archive, PLUMBING)
        auth_middleware, in_middleware_functions = imported_names(archive, AUTH_MIDDLEWARE)

    assert "django.core.signals" in simplejwt
    assert "django.test.signals" not in simplejwt
    assert "rest_framework.test" not in plumbing
    assert "rest_framework.test" in in_plumbing_functions
    assert "django.contrib.auth.views" not in auth_middleware
    assert "django.contrib.auth.views" in in_middleware_functions


@pytest.mark.parametrize("name", [SIMPLEJWT, PLUMBING, AUTH_MIDDLEWARE])
def test_a_library_whose_text_changed_stops_the_build(tmp_path, name):
    sources = pinned_sources()
    sources[name] = b"# a release that moved the import\n"

    with pytest.raises(SystemExit, match=f"{name} no longer holds"):
        slim(tmp_path, sources)
