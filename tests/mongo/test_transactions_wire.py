"""Multi-document writes run in one MongoDB transaction through ``eventsite.transactions.atomic``."""

import uuid

from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User
from tests.mongo.documents import as_model_user, stored_user
from tests.mongo.events_version import version_writes_after


def test_admin_user_delete_cascades_inside_one_committed_transaction(wire):
    user = stored_user()
    wire.answer("accounts_user", [user])
    model_admin = admin.site._registry[User]

    model_admin.delete_model(RequestFactory().post("/admin/"), as_model_user(user))

    in_transaction = [command for command in wire.commands if command.doc.get("autocommit") is False]
    assert in_transaction[0].doc["startTransaction"] is True
    session = in_transaction[0].doc["lsid"]
    deletes = wire.sent("delete")
    assert len(deletes) > 1
    assert all(command in in_transaction and command.doc["lsid"] == session for command in deletes)
    assert uuid.UUID(user["id"]).hex in str(wire.sent("delete", "accounts_user")[0].doc)
    (commit,) = wire.sent("commitTransaction")
    assert commit.doc["lsid"] == session
    # The user's events went with them: the events version changes once that is committed.
    assert len(version_writes_after(wire, commit)) == 1
