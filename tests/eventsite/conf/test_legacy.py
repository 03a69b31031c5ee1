from datetime import UTC, datetime

import pytest

from eventsite.conf.legacy import legacy_tokens_from_environ


def test_legacy_tokens_are_off_by_default(monkeypatch):
    monkeypatch.delenv("LEGACY_JWT_SECRET", raising=False)
    assert not legacy_tokens_from_environ(production=True).enabled


def test_until_date_is_read_as_utc(monkeypatch):
    monkeypatch.setenv("LEGACY_JWT_SECRET", "s" * 32)
    monkeypatch.setenv("LEGACY_TOKENS_UNTIL", "2027-01-31T00:00:00")
    legacy = legacy_tokens_from_environ(production=True)
    assert legacy.enabled and legacy.until == datetime(2027, 1, 31, tzinfo=UTC)
    assert legacy.user_claim == "userId"


def test_production_refuses_a_short_secret_without_printing_it(monkeypatch):
    monkeypatch.setenv("LEGACY_JWT_SECRET", "short-secret")
    monkeypatch.setenv("LEGACY_TOKENS_UNTIL", "2027-01-31T00:00:00Z")
    with pytest.raises(SystemExit) as exc:
        legacy_tokens_from_environ(production=True)
    assert "short-secret" not in str(exc.value)


def test_secret_without_until_date_is_refused(monkeypatch):
    monkeypatch.setenv("LEGACY_JWT_SECRET", "s" * 32)
    monkeypatch.delenv("LEGACY_TOKENS_UNTIL", raising=False)
    with pytest.raises(SystemExit):
        legacy_tokens_from_environ(production=False)
