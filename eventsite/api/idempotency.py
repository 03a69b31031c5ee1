"""Idempotent writes with the ``Idempotency-Key`` header.

Clients retry when API Gateway times out; the retry must not write twice. The first
request with a key inserts an "in progress" row (``accounts.models.IdempotencyKey``)
whose unique ``scope`` lets exactly one of several concurrent duplicates through, on
every engine and across Lambda containers. The view's writes and the stored answer
commit together in one unit of work, so a request that dies leaves no write behind, only
a stale in-progress row that a later retry may take over.

The same key and request from the same user within 24 hours gets the first answer
again (``Idempotent-Replayed: true``); the same key with another request gets 422, and
a duplicate that arrives while the first is still running gets 409.
"""

import functools
import hashlib
import json
import re
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from eventsite.api.models import IDEMPOTENCY_TTL, IdempotencyKey
from eventsite.runtime.errors import ApplicationError
from eventsite.runtime.transactions import sql_atomic, unit_of_work

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
# No request outlives Lambda's 15-minute limit: an in-progress row older than that belongs
# to a request that died, and its writes were rolled back with it.
STALE_AFTER = timedelta(minutes=15)


class RequestInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A request with this Idempotency-Key is still in progress; retry later."
    default_code = "request_in_progress"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used for a different request."
    default_code = "idempotency_key_reused"


class _NotStored(Exception):
    """Carries a server-error answer out of the transaction, which it rolls back."""

    def __init__(self, response: Response):
        self.response = response


def _fingerprint(request) -> str:
    try:
        body = request.body
    except RawPostDataException:
        # A multipart form was parsed before the view ran: hash what it parsed to.
        body = json.dumps(request.data, cls=JSONEncoder, sort_keys=True).encode()
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.rstrip("/").encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _is_abandoned(record: IdempotencyKey) -> bool:
    stale = record.status_code is None and record.created_at <= timezone.now() - STALE_AFTER
    return stale or record.is_expired


def _claim(*, user, key: str, fingerprint: str) -> IdempotencyKey | Response:
    """The new in-progress row for this key, or the stored answer to replay."""
    scope = IdempotencyKey.scope_for(user.pk, key)
    for _attempt in range(3):
        try:
            # A savepoint on SQL, so the failed insert leaves an enclosing transaction usable.
            with sql_atomic():
                return IdempotencyKey.objects.create(scope=scope, user=user, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(scope=scope).first()
        if existing is None:
            continue
        if _is_abandoned(existing):
            # Conditional on the row read, so two retries cannot both remove a fresh claim.
            IdempotencyKey.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if existing.status_code is None:
            raise RequestInProgress()
        return Response(
            existing.response_body, status=existing.status_code, headers={REPLAYED_HEADER: "true"}
        )
    raise RequestInProgress()


def _store(row, response: Response) -> None:
    row.update(status_code=response.status_code, response_body=_as_json(response.data))


def _as_json(data):
    return json.loads(json.dumps(data, cls=JSONEncoder))


def idempotent(handler):
    """Decorate a DRF view method so that it honours the ``Idempotency-Key`` header."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        if not KEY_PATTERN.fullmatch(key):
            raise exceptions.ValidationError({HEADER: ["Use 1 to 255 visible ASCII characters."]})
        claimed = _claim(user=request.user, key=key, fingerprint=_fingerprint(request))
        if isinstance(claimed, Response):
            return claimed
        row = IdempotencyKey.objects.filter(pk=claimed.pk)

        def answer_and_store() -> Response:
            response = handler(view, request, *args, **kwargs)
            if response.status_code >= 500:
                raise _NotStored(response)
            _store(row, response)
            return response

        try:
            return unit_of_work(answer_and_store)
        except (ApplicationError, exceptions.APIException, Http404, PermissionDenied) as exc:
            # A client error is an answer worth replaying too, but whatever the handler wrote
            # before raising it was rolled back with the unit (MongoDB has no savepoints).
            response = view.handle_exception(exc)
            if response.status_code < 500:
                _store(row, response)
            else:
                row.delete()
            return response
        except _NotStored as exc:
            row.delete()
            return exc.response
        except BaseException:
            row.delete()
            raise

    return wrapper


def idempotency_keys_purge(*, now: datetime) -> int:
    """Delete stored answers older than the replay window; they are never used again."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=now - IDEMPOTENCY_TTL).delete()
    return deleted
