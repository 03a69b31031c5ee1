#!/usr/bin/env bash
# `make fuzz`: schemathesis against a live local server started from the OpenAPI schema.
#
# The server runs in production mode (DEBUG off) on 127.0.0.1 with a throw-away SQLite
# database; every operation is fuzzed with a real Bearer token obtained by registering.
# Fails on any check failure, and if fewer than FUZZ_MIN_REQUESTS requests were served.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(cd "${BIN:-.venv/bin}" && pwd)
EXAMPLES=${FUZZ_EXAMPLES:-150}
MIN_REQUESTS=${FUZZ_MIN_REQUESTS:-2000}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

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
export LOGIN_CLIENT_FAILURES=1000000
export REGISTER_CLIENT_ATTEMPTS=1000000    # and registration, and the general rates
export THROTTLE_ANON_RATE=1000000/min
export THROTTLE_USER_RATE=1000000/min
export BCRYPT_ROUNDS=4                     # the minimum: hashing speed is not under test
export EMAIL_BACKEND=locmem                # password-reset mails go nowhere

"$BIN/python" manage.py migrate --noinput >/dev/null
"$BIN/python" manage.py runserver "127.0.0.1:$port" --noreload >"$workdir/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 50); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  sleep 0.2
done

token=$(curl -fsS -X POST "$base/users/register" -H 'Content-Type: application/json' \
  -d '{"name": "Fuzz", "email": "fuzz@example.com", "password": "fuzz-Password-123"}' |
  "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')

status=0
# From the temporary folder: schemathesis keeps a cache in ./.schemathesis.
(cd "$workdir" && "$BIN/schemathesis" run "$base/schema?format=json" \
  --checks "$CHECKS" \
  --max-examples "$EXAMPLES" \
  --header "Authorization: Bearer $token" \
  --workers 2 \
  --phases examples,coverage,fuzzing \
  --generation-database none \
  --seed "${FUZZ_SEED:-$RANDOM}" \
  --no-color) || status=$?

requests=$(grep -c '" [0-9][0-9][0-9] ' "$workdir/server.log" || true)
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
