"""Backup settings: no bucket unless one is named, and a key prefix that always ends in a slash."""

import json

from tests.eventsite.conf.settings_process import run

PROBE = """
import json
from django.conf import settings as s
print(json.dumps([s.BACKUP_BUCKET, s.BACKUP_PREFIX, s.BACKUP_S3_ENDPOINT_URL]))
"""


def probe(tmp_path, **env) -> list:
    result = run(["-c", PROBE], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_no_bucket_is_named_and_exports_go_under_exports(tmp_path):
    assert probe(tmp_path) == ["", "exports/", ""]


def test_each_backup_setting_is_read_from_the_environment(tmp_path):
    env = {
        "BACKUP_BUCKET": " eventsite-backups ",
        "BACKUP_PREFIX": "/production",
        "BACKUP_S3_ENDPOINT_URL": "http://127.0.0.1:5000",
    }

    assert probe(tmp_path, **env) == ["eventsite-backups", "production/", "http://127.0.0.1:5000"]


def test_a_blank_prefix_means_the_default_and_a_slash_the_top_of_the_bucket(tmp_path):
    assert probe(tmp_path, BACKUP_PREFIX=" ")[1] == "exports/"
    assert probe(tmp_path, BACKUP_PREFIX="/")[1] == ""
