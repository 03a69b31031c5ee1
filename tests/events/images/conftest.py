import pytest


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """Local storage in the test's own folder (the S3 tests replace it with the emulator's bucket)."""
    settings.MEDIA_STORAGE = "local"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }
    return tmp_path / "media"
