#!/usr/bin/env bash
# `make fuzz`: schemathesis against a live local server started from the OpenAPI schema.
#
# The server runs in production mode (DEBUG off) on 127.0.0.1 with a throw-away SQLite
# database; every operation is fuzzed with a real Bearer token obtained by registering, and
# with real data: that user's calendar feed key and an event of theirs, which the fuzzer uses
# for most `key` and `eventId` values. Every check runs except the two that need resource
# links to be reachable afterwards (use_after_free, ensure_resource_availability), in every
# phase, stateful included. Fails on any check failure, and if fewer than FUZZ_MIN_REQUESTS
# requests were served.
#
# The seed comes from the commit (the same commit replays the same run); FUZZ_SEED overrides
# it, and `make fuzz-explore` (FUZZ_SEED=random) draws a new one each time.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(cd "${BIN:-.venv/bin}" && pwd)
EXAMPLES=${FUZZ_EXAMPLES:-60}
MIN_REQUESTS=${FUZZ_MIN_REQUESTS:-2000}
EXCLUDED_CHECKS=use_after_free,ensure_resource_availability

seed=${FUZZ_SEED:-commit}
if [ "$seed" = commit ]; then
  # The first 8 hex digits of the commit as an integer.
  commit=$(git rev-parse HEAD 2>/dev/null || echo 0)
  seed=$((16#${commit:0:8}))
elif [ "$seed" = random ]; then
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fi
echo "fuzz: seed $seed (replay with FUZZ_SEED=$seed make fuzz)"

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="fuzz-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false   # plain HTTP on the loopback; API Gateway terminates TLS
export DATABASE_URL="sqlite:///$workdir/fuzz.sqlite3"
export AUTH_THROTTLE_RATE=1000000/min      # the fuzzer registers and logs in thousands of times,
export LOGIN_ACCOUNT_FAILURES=1000000      # mostly with wrong passwords: keep login reachable
export LOGIN_ACCOUNT_CLIENT_FAILURES=1000000
export LOGIN_CLIENT_FAILURES=1000000
export PASSWORD_RESET_ADDRESS_ATTEMPTS=1000000  # reset requests, per target address
export REGISTER_CLIENT_ATTEMPTS=1000000    # and registration, and the general rates
export THROTTLE_ANON_RATE=1000000/min
export THROTTLE_USER_RATE=1000000/min
export PUBLIC_THROTTLE_RATE=1000000/min    # the public routes: reach them, not their 429
export HEALTH_READY_THROTTLE_RATE=1000000/min   # the readiness probe: the same
export BCRYPT_ROUNDS=4                     # the minimum: hashing speed is not under test
export EMAIL_BACKEND=locmem                # password-reset mails go nowhere
export MEDIA_ROOT="$workdir/media"         # uploaded event images, thrown away with the run

"$BIN/python" manage.py migrate --noinput >/dev/null
"$BIN/python" manage.py runserver "127.0.0.1:$port" --noreload >"$workdir/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 50); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  sleep 0.2
done

json_field() { "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)'"$1"')'; }
register() {
  curl -fsS -X POST "$base/users/register" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"email\": \"$1@example.com\", \"password\": \"fuzz-Password-123\"}" |
    json_field '["token"]'
}
create_event() {
  curl -fsS -X POST "$base/events" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"title": "Fuzz", "date": "2030-01-01T09:00:00.000Z", "capacity": 1000}' | json_field '["event"]["eventId"]'
}
token=$(register fuzz)
auth="Authorization: Bearer $token"
# A second user rotates and revokes calendar keys, and tries to delete the first one's events;
# a third one ends all its tokens (logout-all), a fourth tries what ends them with its password.
other_token=$(register other)
victim_token=$(register victim)
confirmer_token=$(register confirmer)
event_id=$(create_event)
curl -fsS -X POST "$base/events/$event_id/rsvp" -H "$auth" >/dev/null
doomed_ids=$(for _ in 1 2 3; do printf '"%s", ' "$(create_event)"; done)
feed_key=$(curl -fsS "$base/users/me/calendar-key" -H "$auth" | json_field '["calendarKey"]["key"]')

# Real data for most cases (the rest stay generated): the fuzz user's event, its feed key.
# A body can be schema-valid and still refused with 400 where JSON Schema cannot state the rule:
# across fields or against stored data (`endDate` after `date`, `capacity` not below the people
# going, a date that exists in the event's time zone, an API key's expiry, which must be in the
# future), Django's password validators (common or
# too similar passwords), and credentials the fuzzer cannot know (a refresh token, a reset
# token, a verification or unsubscribe token, the current password, e.g. to delete the account or
# change the address), and a webhook URL, which must resolve
# to public addresses only (found out from DNS at the request). Those operations also expect a 400
# from a valid body.
refused='expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]'
refused_or_legacy='expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "405", "409", "429", "5xx"]'
cat >"$workdir/schemathesis.toml" <<TOML
[dictionaries.events]
values = ["$event_id"]

[dictionaries.doomed-events]
values = [${doomed_ids%, }]

[dictionaries.feed-keys]
values = ["$feed_key"]

# Every operation runs as the fuzz user but those below (a command-line header would win over them).
[headers]
Authorization = "Bearer $token"

[parameters]
"path.eventId" = { dictionary = "events", probability = 0.8 }
"query.key" = { dictionary = "feed-keys", probability = 0.8 }

# The links the stateful phase follows from the API root make \`create\` and \`all\` event ids:
# legacy routes, whose documented answer to the other methods is 405 (here and for the writes below).
[phases.stateful.checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "405", "409", "429", "5xx"]

# Names are "METHOD /path"; a list matches any of its names.
[[operations]]
include-name = "DELETE /events/{eventId}"
parameters = { "path.eventId" = { dictionary = "doomed-events", probability = 0.5 } }

[[operations]]
include-name = ["POST /users/me/calendar-key", "DELETE /users/me/calendar-key"]
headers = { Authorization = "Bearer $other_token" }

[[operations]]
include-name = "POST /users/me/logout-all"
headers = { Authorization = "Bearer $victim_token" }

[[operations]]
include-name = ["POST /users/me/password", "DELETE /users/me"]
headers = { Authorization = "Bearer $confirmer_token" }

[[operations]]
include-name = ["POST /events", "POST /events/create", "PUT /events/{eventId}", "PATCH /events/{eventId}"]
checks.positive_data_acceptance = { $refused_or_legacy }

# Local storage: a presigned upload is refused (409 direct_upload_unavailable: PUT the file
# instead), and so is a confirm with no upload awaited (409 no_pending_upload).
[[operations]]
include-name = ["POST /events/{eventId}/image/upload", "POST /events/{eventId}/image/confirm"]
checks.positive_data_acceptance = { $refused }

[[operations]]
include-name = [
  "POST /users/register", "POST /users/logout", "POST /users/me/password", "POST /users/password/reset/confirm",
  "DELETE /users/me", "POST /users/me/webhooks", "PATCH /users/me/webhooks/{webhookId}",
  "POST /users/email/verify", "GET /users/email/unsubscribe", "POST /users/email/unsubscribe", "POST /users/me/email",
  "POST /users/me/api-keys",
]
checks.positive_data_acceptance = { $refused }
TOML

status=0
# From the temporary folder: schemathesis keeps a cache in ./.schemathesis.
(cd "$workdir" && "$BIN/schemathesis" --config-file schemathesis.toml run "$base/schema?format=json" \
  --checks all \
  --exclude-checks "$EXCLUDED_CHECKS" \
  --max-examples "$EXAMPLES" \
  --workers 2 \
  --phases examples,coverage,fuzzing,stateful \
  --generation-database none \
  --seed "$seed" \
  --no-color) || status=$?

# One eventsite.request line per answered request (runserver's own access line is discarded).
requests=$(grep -c '"logger": "eventsite.request"' "$workdir/server.log" || true)
echo "fuzz: the server answered $requests requests"
if [ "$status" -eq 0 ] && [ "$requests" -lt "$MIN_REQUESTS" ]; then
  echo "fuzz: fewer than $MIN_REQUESTS requests; raise FUZZ_EXAMPLES" >&2
  status=1
fi
if grep -q 'Traceback' "$workdir/server.log"; then
  echo "fuzz: the server logged tracebacks:" >&2
  grep -B2 -A25 'Traceback' "$workdir/server.log" | head -80 >&2
  status=1
fi
exit "$status"
