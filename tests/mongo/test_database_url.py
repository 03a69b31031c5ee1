"""``DATABASE_URL`` selects the engine: MongoDB URLs go to django-mongodb-backend, others stay SQL."""

import pytest
from pymongo import MongoClient

from eventsite.conf.database import database_profile


def test_atlas_url_selects_mongodb_with_the_name_from_its_path_and_fail_fast_timeouts():
    url = "mongodb+srv://app:s3cret@cluster0.example.mongodb.net/events?retryWrites=true&w=majority"

    profile = database_profile(url)

    assert profile.is_mongodb
    assert profile.default["ENGINE"] == "django_mongodb_backend"
    assert profile.default["HOST"] == url
    assert profile.default["NAME"] == "events"
    assert profile.default["OPTIONS"]["serverSelectionTimeoutMS"] < 29_000


def test_options_in_the_url_win_over_the_defaults():
    profile = database_profile("mongodb://db.internal:27017/events?tls=true&serverselectiontimeoutms=900")

    assert "serverSelectionTimeoutMS" not in profile.default["OPTIONS"]
    assert "tls=true" in profile.default["HOST"]


def test_idle_connections_close_after_a_minute_as_atlas_advises_for_lambda():
    profile = database_profile("mongodb://db.internal:27017/events")

    client = MongoClient(profile.default["HOST"], **profile.default["OPTIONS"], connect=False)

    assert client.options.pool_options.max_idle_time_seconds == 60
    client.close()


def test_max_idle_time_in_the_url_wins_whatever_its_case():
    profile = database_profile("mongodb://db.internal:27017/events?maxidletimems=5000")

    client = MongoClient(profile.default["HOST"], **profile.default["OPTIONS"], connect=False)

    assert "maxIdleTimeMS" not in profile.default["OPTIONS"]
    assert client.options.pool_options.max_idle_time_seconds == 5
    client.close()


def test_mongodb_url_without_a_database_name_is_refused():
    with pytest.raises(ValueError, match="must name the database"):
        database_profile("mongodb://localhost:27017/")


def test_offline_mongodb_profile_runs_on_the_dummy_engine():
    profile = database_profile("mongodb://localhost/events", offline=True)

    assert profile.is_mongodb
    assert profile.default["ENGINE"] == "django.db.backends.dummy"


def test_sql_urls_keep_the_sql_path():
    profile = database_profile("sqlite:////tmp/db.sqlite3")

    assert not profile.is_mongodb
    assert profile.default["ENGINE"] == "django.db.backends.sqlite3"
