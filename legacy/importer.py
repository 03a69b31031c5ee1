"""Import of the legacy Express system's ``users`` and ``events`` collections.

The input is ``mongoexport`` output in Extended JSON (``$oid``, ``$date`` as an ISO
string or ``{"$numberLong": …}``), either one document per line or one JSON array.
Ids, creators and bcrypt hashes are kept, so legacy users log in with their old
passwords (the hash is upgraded on that login). Records already present are left
alone, so a re-run changes nothing. Bad records are reported with their line number.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.models import User, email_domain_is_valid, email_lookup_key, normalize_email
from events.models import Event
from events.services import events_changed
from eventsite.runtime.dates import to_milliseconds
from eventsite.runtime.transactions import unit_of_work
from legacy.documents import BadRecord, read_documents

BCRYPT_HASH = re.compile(r"\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}")
BATCH_SIZE = 500


class _Fields:
    """Reads typed fields from a legacy document, collecting every problem."""

    def __init__(self, document: dict):
        self.document = document
        self.errors: list[str] = []

    def _get(self, name: str, required: bool):
        value = self.document.get(name)
        if value is None and required:
            self.errors.append(f"{name}: missing")
        return value

    def text(self, name: str, *, max_length: int, required: bool = True) -> str:
        value = self._get(name, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.errors.append(f"{name}: not a string")
        elif required and not value.strip():
            self.errors.append(f"{name}: empty")
        elif len(value) > max_length:
            self.errors.append(f"{name}: longer than {max_length} characters")
        else:
            return value
        return ""

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self._get(name, True)
        if value is None:
            return None
        try:
            return uuid.UUID(value)
        except (AttributeError, TypeError, ValueError):
            self.errors.append(f"{name}: not a UUID")
            return None

    def date(self, name: str) -> datetime | None:
        value = self._get(name, True)
        if value is None:
            return None
        if not isinstance(value, datetime):
            self.errors.append(f"{name}: not a date")
            return None
        return to_milliseconds(value)

    def check(self) -> None:
        if self.errors:
            raise BadRecord("; ".join(self.errors))


def user_from_legacy(document: dict) -> User:
    fields = _Fields(document)
    user_id = fields.uuid("userId")
    name = fields.text("name", max_length=150)
    email = normalize_email(fields.text("email", max_length=254))
    password = fields.text("password", max_length=120)
    created_at = fields.date("createdAt")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            fields.errors.append("email: not a valid address")
        else:
            if not email_domain_is_valid(email):
                fields.errors.append("email: not a valid address")
    if password and not BCRYPT_HASH.fullmatch(password):
        fields.errors.append("password: not a bcrypt hash")
    fields.check()
    return User(
        id=user_id,
        name=name,
        email=email,
        email_key=email_lookup_key(email),  # bulk_create does not call save()
        password=f"bcrypt${password}",
        created_at=created_at,
    )


def event_from_legacy(document: dict) -> Event:
    fields = _Fields(document)
    event = Event(
        id=fields.uuid("eventId"),
        title=fields.text("title", max_length=200),
        description=fields.text("description", max_length=5000, required=False),
        date=fields.date("date"),
        location=fields.text("location", max_length=255, required=False),
        created_by_id=fields.uuid("createdBy"),
        created_at=fields.date("createdAt"),
    )
    fields.check()
    return event


@dataclass
class Tally:
    imported: int = 0
    present: int = 0
    bad: int = 0
    collisions: int = 0


@dataclass
class ImportReport:
    users: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    problems: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.users.imported + self.events.imported


class LegacyImport:
    """Plans the import (``plan_*``), then writes it all at once (``write``)."""

    def __init__(self):
        self.report = ImportReport()
        self.new_users: list[User] = []
        self.new_events: list[Event] = []

    def _problem(self, source: Path, line: int, message: str) -> None:
        self.report.problems.append(f"{source.name} line {line}: {message}")

    def _bad(self, tally: Tally, source: Path, line: int, reason: str) -> None:
        tally.bad += 1
        self._problem(source, line, f"bad record: {reason}")

    def _parsed(self, source: Path, convert, tally: Tally) -> Iterator[tuple[int, object]]:
        for line, document in read_documents(source):
            try:
                if isinstance(document, BadRecord):
                    raise document
                record = convert(document)
            except BadRecord as exc:
                self._bad(tally, source, line, str(exc))
                continue
            yield line, record

    def plan_users(self, source: Path) -> None:
        tally = self.report.users
        records = list(self._parsed(source, user_from_legacy, tally))
        ids = {user.pk for _, user in records}
        existing_ids = set(User.objects.filter(pk__in=ids).values_list("pk", flat=True))
        owners = dict(
            User.objects.filter(email_key__in={user.email_key for _, user in records}).values_list(
                "email_key", "pk"
            )
        )
        first_line: dict[object, int] = {}
        for line, user in records:
            if user.pk in first_line:
                self._bad(tally, source, line, f"userId {user.pk} repeats line {first_line[user.pk]}")
                continue
            first_line[user.pk] = line
            if user.pk in existing_ids:
                tally.present += 1
                continue
            owner = owners.get(user.email_key)
            if owner is not None:
                tally.collisions += 1
                self._problem(
                    source,
                    line,
                    f"email collision: {user.email} (any letter case) already belongs to user {owner}; "
                    f"user {user.pk} skipped",
                )
                continue
            owners[user.email_key] = user.pk
            self.new_users.append(user)
            tally.imported += 1

    def plan_events(self, source: Path) -> None:
        tally = self.report.events
        records = list(self._parsed(source, event_from_legacy, tally))
        creators = {event.created_by_id for _, event in records}
        known_users = set(User.objects.filter(pk__in=creators).values_list("pk", flat=True))
        known_users |= {user.pk for user in self.new_users}
        existing_ids = set(
            Event.objects.filter(pk__in={event.pk for _, event in records}).values_list("pk", flat=True)
        )
        for line, event in records:
            if event.pk in existing_ids:
                tally.present += 1
            elif event.created_by_id not in known_users:
                self._bad(tally, source, line, f"createdBy {event.created_by_id} is not an imported user")
            else:
                existing_ids.add(event.pk)
                self.new_events.append(event)
                tally.imported += 1

    def write(self) -> None:
        def insert_all() -> None:
            User.objects.bulk_create(self.new_users, batch_size=BATCH_SIZE)
            Event.objects.bulk_create(self.new_events, batch_size=BATCH_SIZE)
            if self.new_events:
                events_changed()

        unit_of_work(insert_all)
