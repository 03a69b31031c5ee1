"""``migrate`` on MongoDB: the collections and indexes it creates."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def migrated(wire_server):
    wire_server.reset()
    call_command("migrate", verbosity=0)
    return list(wire_server.commands)


def unique_indexes_on(commands, collection: str, key: dict) -> list[dict]:
    """The unique indexes on exactly ``key`` (beside them, plain ones serve equality lookups)."""
    return [
        index
        for index in indexes_on(commands, collection).values()
        if index["key"] == key and index.get("unique")
    ]


def indexes_on(commands, collection: str) -> dict[str, dict]:
    return {
        index["name"]: index
        for command in commands
        if command.name == "createIndexes" and command.collection == collection
        for index in command.doc["indexes"]
    }


def test_migrate_creates_every_project_collection(migrated):
    created = {command.collection for command in migrated if command.name == "create"}

    assert {"accounts_user", "accounts_revokedtoken", "events_event", "django_migrations"} <= created
    assert {"django_content_type", "auth_permission", "auth_group", "django_admin_log"} <= created


def test_user_email_has_a_plain_unique_index(migrated):
    (email,) = unique_indexes_on(migrated, "accounts_user", {"email": 1})

    assert email["unique"] is True


def test_events_have_the_indexes_the_list_sort_and_owner_filter_use(migrated):
    indexes = indexes_on(migrated, "events_event")

    assert indexes["event_date_id_idx"]["key"] == {"date": 1, "id": 1}
    assert indexes["event_creator_date_idx"]["key"] == {"created_by_id": 1, "date": 1}


def test_revoked_token_jti_is_unique(migrated):
    (jti,) = unique_indexes_on(migrated, "accounts_revokedtoken", {"jti": 1})

    assert jti["unique"] is True


def test_contrib_migrations_use_the_committed_mongodb_names(migrated):
    applied = {
        (document["app"], document["name"])
        for command in migrated
        if command.name == "insert" and command.collection == "django_migrations"
        for document in command.doc["documents"]
    }

    assert {
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("accounts", "0001_initial"),
        ("events", "0001_initial"),
        ("accounts", "0002_tokens_valid_after_idempotency_key"),
        ("accounts", "0003_auth_failure_counter"),
        ("events", "0002_lifecycle_rsvp_calendar"),
        ("events", "0003_events_version"),
    } <= applied


def test_migrate_creates_the_collections_of_the_later_features(migrated):
    created = {command.collection for command in migrated if command.name == "create"}

    assert {
        "events_rsvp",
        "events_calendarfeed",
        "accounts_idempotencykey",
        "accounts_authfailurecounter",
    } <= created


@pytest.mark.parametrize(
    ("collection", "key"),
    [
        ("events_rsvp", {"event_id": 1, "user_id": 1}),
        ("events_calendarfeed", {"key": 1}),
        ("events_calendarfeed", {"user_id": 1}),
        ("accounts_idempotencykey", {"scope": 1}),
        ("accounts_authfailurecounter", {"key": 1}),
        # Partial (string keys only), so the accounts 0005 left without a key do not collide.
        ("accounts_user", {"email_key": 1}),
        # The first write of an events-version shard relies on it when two writers race
        # (events/caching.py): the loser's unit of work runs again.
        ("events_eventsversion", {"id": 1}),
    ],
)
def test_feature_uniqueness_rests_on_a_plain_unique_index(migrated, collection, key):
    (index,) = unique_indexes_on(migrated, collection, key)

    assert index["unique"] is True


def test_event_filters_and_sorts_have_indexes(migrated):
    keys = {name: index["key"] for name, index in indexes_on(migrated, "events_event").items()}

    assert keys["event_status_date_idx"] == {"status": 1, "date": 1}
    assert keys["event_end_date_idx"] == {"end_date": 1}
    assert keys["event_created_id_idx"] == {"created_at": 1, "id": 1}
    assert keys["event_title_id_idx"] == {"title": 1, "id": 1}


def test_waitlist_and_my_rsvps_queries_have_indexes(migrated):
    keys = {name: index["key"] for name, index in indexes_on(migrated, "events_rsvp").items()}

    assert keys["rsvp_event_status_idx"] == {"event_id": 1, "status": 1, "created_at": 1}
    assert keys["rsvp_user_created_idx"] == {"user_id": 1, "created_at": 1}


def test_existing_users_get_an_empty_tokens_valid_after(migrated):
    updates = [
        statement
        for command in migrated
        if command.name == "update" and command.collection == "accounts_user"
        for statement in command.doc["updates"]
    ]

    assert {"q": {}, "u": [{"$set": {"tokens_valid_after": None}}], "multi": True, "upsert": False} in updates
