"""export_data then import_data into an emptied database gives back every record, field by field."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from eventsite.backups.collections import LEFT_OUT, exported_models, project_models
from tests.factories import DEFAULT_PASSWORD
from tests.helpers.api import login

from .backup_data import build_every_kind_of_record, delete_every_record, every_record

pytestmark = pytest.mark.django_db


def export(path) -> None:
    call_command("export_data", "--output", str(path), stderr=io.StringIO())


@pytest.mark.parametrize("name", ["backup.jsonl", "backup.jsonl.gz"])
def test_a_restored_database_holds_every_record_as_it_was_exported(tmp_path, name):
    build_every_kind_of_record()
    before = every_record()
    export(tmp_path / name)
    delete_every_record()

    out = io.StringIO()
    call_command("import_data", str(tmp_path / name), stdout=out)

    assert every_record() == before
    assert all(before[label] for label in before), "every exported model has a record in the test data"
    assert "Imported" in out.getvalue()


def test_a_password_still_logs_in_after_a_restore(tmp_path):
    people = build_every_kind_of_record()
    export(tmp_path / "backup.jsonl")
    delete_every_record()
    call_command("import_data", str(tmp_path / "backup.jsonl"), stdout=io.StringIO())

    response = login(APIClient(), "attendee@example.com", DEFAULT_PASSWORD)

    assert response.status_code == 200, response.content
    assert response.json()["user"]["email"] == people["attendee"].email
    assert login(APIClient(), "attendee@example.com", "a-wrong-Password-1").status_code == 401


def test_the_export_starts_with_a_header_naming_the_format_time_migrations_and_collections(tmp_path):
    build_every_kind_of_record()
    export(tmp_path / "backup.jsonl")

    header = json.loads((tmp_path / "backup.jsonl").read_text().splitlines()[0])

    assert header["format"] == "eventsite-export"
    assert header["formatVersion"] == 1
    assert set(header["exportedAt"]) == {"$date"}
    assert "0001_initial" in header["migrations"]["events"]
    assert [c["model"] for c in header["collections"]] == [m._meta.label for m in exported_models()]


def test_the_export_reads_with_the_legacy_importers_extended_json_reader(tmp_path):
    from legacy.documents import read_documents

    people = build_every_kind_of_record()
    export(tmp_path / "backup.jsonl")

    documents = [doc for _, doc in read_documents(tmp_path / "backup.jsonl")][1:]
    users = [d["document"] for d in documents if d["collection"] == "accounts_user"]

    organizer = next(u for u in users if u["email"] == "organizer@example.com")
    assert organizer["_id"] == str(people["organizer"].pk)
    people["organizer"].refresh_from_db()
    assert organizer["created_at"] == people["organizer"].created_at


def test_every_model_of_the_project_is_exported_or_left_out_on_purpose():
    exported = {m._meta.label for m in exported_models()}

    assert {m._meta.label for m in project_models()} == exported | set(LEFT_OUT)
    assert not exported & set(LEFT_OUT)


def test_the_export_refuses_to_leave_out_a_model_that_exported_ones_point_at(monkeypatch, tmp_path):
    monkeypatch.setitem(LEFT_OUT, "accounts.User", "left out for the test")

    with pytest.raises(CommandError, match=r"accounts\.ApiKey points at accounts\.User"):
        export(tmp_path / "backup.jsonl")


def test_records_are_written_and_restored_in_batches(monkeypatch, tmp_path):
    from eventsite.backups import services

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    build_every_kind_of_record()
    before = every_record()
    export(tmp_path / "backup.jsonl")
    delete_every_record()

    call_command("import_data", str(tmp_path / "backup.jsonl"), stdout=io.StringIO())

    assert len(before["accounts.User"]) > services.BATCH_SIZE
    assert every_record() == before
