"""Assertions, clients, clocks, statement capture and races shared by the API tests.

``from tests.helpers import X`` works for each of them; the parts live in the modules below.
"""

from tests.helpers.api import (
    CLIENT_ADDRESS,
    DEFAULT_PREFERENCES,
    assert_error,
    assert_field_errors,
    bearer_client,
    expired_token,
    login,
    refresh,
    refresh_as_access,
    rsvp_path,
    titles,
    unsigned_token,
    wrongly_signed_token,
)
from tests.helpers.races import ROOT, RaceAnswer, race_answer, rsvp_race, run_race, shared_database_url
from tests.helpers.roles import ROLES, client_as, user_in_role
from tests.helpers.statements import (
    COMMAND_ENVELOPE,
    JOINED_COLLECTIONS,
    LOGGED_OPERATION,
    READS,
    SQL_TABLES,
    Statement,
    database_statements,
    reads_of,
    watch_mongo_server,
)
from tests.helpers.throttles import (
    MID_MINUTE,
    Clock,
    merge_throttle_rates,
    set_throttle_rates,
    start_in_a_fresh_minute,
)

__all__ = [
    "CLIENT_ADDRESS",
    "COMMAND_ENVELOPE",
    "DEFAULT_PREFERENCES",
    "JOINED_COLLECTIONS",
    "LOGGED_OPERATION",
    "MID_MINUTE",
    "READS",
    "ROLES",
    "ROOT",
    "SQL_TABLES",
    "Clock",
    "RaceAnswer",
    "Statement",
    "assert_error",
    "assert_field_errors",
    "bearer_client",
    "client_as",
    "database_statements",
    "expired_token",
    "login",
    "merge_throttle_rates",
    "race_answer",
    "reads_of",
    "refresh",
    "refresh_as_access",
    "rsvp_path",
    "rsvp_race",
    "run_race",
    "set_throttle_rates",
    "shared_database_url",
    "start_in_a_fresh_minute",
    "titles",
    "unsigned_token",
    "user_in_role",
    "watch_mongo_server",
    "wrongly_signed_token",
]
