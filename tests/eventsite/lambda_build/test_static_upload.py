"""``make static-upload STAGE=...``: which stage's variables it uploads with, and that no stage
serves its static files from S3 unless turned on."""

import json

import pytest

from eventsite.lambda_build.package import PROJECT_DIR, static_on_s3
from eventsite.lambda_build.static_upload import SETTINGS_FILE, stage_config, static_variables


def test_a_stage_uploads_with_the_static_variables_of_the_stage_it_extends_or_its_own():
    stages = {
        "dev": {"aws_environment_variables": {"STATIC_STORAGE": "s3", "STATIC_BUCKET": "dev-static"}},
        "qa": {"extends": "dev", "memory_size": 2048},
    }

    variables = static_variables(stage_config(stages, "qa"))

    assert variables == {"STATIC_STORAGE": "s3", "STATIC_BUCKET": "dev-static"}


def test_a_stage_without_static_files_on_s3_is_refused():
    with pytest.raises(SystemExit, match="do not set STATIC_STORAGE=s3"):
        static_variables({"aws_environment_variables": {"DJANGO_ALLOWED_HOSTS": "api.example.com"}})


def test_an_unknown_stage_is_refused():
    with pytest.raises(SystemExit, match="no stage 'nope'"):
        stage_config({"dev": {}}, "nope")


def test_no_stage_serves_its_static_files_from_s3_by_default():
    stages = json.loads((PROJECT_DIR / SETTINGS_FILE).read_text())

    assert [name for name in stages if static_on_s3(stage_config(stages, name))] == []
