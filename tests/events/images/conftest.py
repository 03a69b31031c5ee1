import pytest


@pytest.fixture(autouse=True)
def _local_media(media_folder):
    """Every image test stores its files in its own folder."""
    return media_folder
