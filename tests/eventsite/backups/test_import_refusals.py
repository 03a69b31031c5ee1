"""import_data restores into an empty database only, and refuses files it cannot restore whole."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def export(path) -> None:
    call_command("export_data", "--output", str(path), stderr=io.StringIO())


def test_import_refuses_a_database_that_holds_records(tmp_path):
    UserFactory()
    export(tmp_path / "backup.jsonl")

    with pytest.raises(CommandError, match=r"not empty .*accounts_user"):
        call_command("import_data", str(tmp_path / "backup.jsonl"))
    assert User.objects.count() == 1


@pytest.fixture
def import_data():
    """import_data as ``manage.py`` runs it: an error is a message and exit status 1."""

    def run(path):
        from django.core.management import load_command_class

        command = load_command_class("eventsite.backups", "import_data")
        err = io.StringIO()
        command.stderr._out = err
        with pytest.raises(SystemExit) as exit_info:
            command.run_from_argv(["manage.py", "import_data", str(path)])
        return exit_info.value.code, err.getvalue()

    return run


def test_import_data_exits_with_status_1_and_says_why_on_a_database_that_holds_records(tmp_path, import_data):
    UserFactory()
    export(tmp_path / "backup.jsonl")

    status, message = import_data(tmp_path / "backup.jsonl")

    assert status == 1
    assert "the database is not empty" in message


def test_a_file_of_another_migration_state_is_refused(tmp_path):
    export(tmp_path / "backup.jsonl")
    lines = (tmp_path / "backup.jsonl").read_text().splitlines()
    header = json.loads(lines[0])
    header["migrations"]["events"].append("9999_from_the_future")
    (tmp_path / "old.jsonl").write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")

    with pytest.raises(CommandError, match=r"another migration state.*9999_from_the_future"):
        call_command("import_data", str(tmp_path / "old.jsonl"))


def test_a_file_without_the_header_is_refused(tmp_path):
    (tmp_path / "users.json").write_text('{"_id": {"$oid": "5f1d7e"}, "email": "a@example.com"}\n')

    with pytest.raises(CommandError, match="not an eventsite-export file"):
        call_command("import_data", str(tmp_path / "users.json"))


def test_a_record_with_a_field_the_model_lacks_is_refused_with_its_line(tmp_path):
    UserFactory()
    export(tmp_path / "backup.jsonl")
    lines = (tmp_path / "backup.jsonl").read_text().splitlines()
    record = json.loads(lines[1])
    record["document"]["nickname"] = "x"
    User.objects.all().delete()
    (tmp_path / "bad.jsonl").write_text("\n".join([lines[0], json.dumps(record)]) + "\n")

    with pytest.raises(CommandError, match="line 2: accounts_user has no field nickname"):
        call_command("import_data", str(tmp_path / "bad.jsonl"))
    assert not User.objects.exists()


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_data", str(tmp_path / "missing.jsonl"))
