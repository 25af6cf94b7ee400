#!/usr/bin/env bash
# The README's `make test`: checks, then the whole suite on SQLite, then again on PostgreSQL with the Redis
# channel layer. Services that are missing are started when possible, otherwise skipped with a loud reason.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
ARTIFACTS=.test-artifacts
PG_URL=${WELTCAFE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
REDIS_URL_FOR_TESTS=${WELTCAFE_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
mkdir -p "$ARTIFACTS"
export WELTCAFE_SECRET_KEY=${WELTCAFE_SECRET_KEY:-test-only-not-a-secret}
WELTCAFE_DATA_DIR=$(mktemp -d)
export WELTCAFE_DATA_DIR
trap 'rm -rf "$WELTCAFE_DATA_DIR"' EXIT

failures=()
skips=()
step() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
loud() { printf '\n\033[1;33m!!! %s\033[0m\n' "$*"; }
run() {
    local name=$1
    shift
    if ! "$@"; then failures+=("$name"); fi
}

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=0
ensure_package() {  # ensure_package PACKAGE FILE
    [ -e "$2" ] && return 0
    if can_install; then
        [ $apt_updated = 1 ] || { apt-get update -qq >/dev/null 2>&1; apt_updated=1; }
        step "installing Debian package $1"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 || true
    fi
    [ -e "$2" ]
}

step "system packages"
ensure_package gettext /usr/bin/msgfmt || { loud "msgfmt missing (Debian package gettext) and cannot be installed"; failures+=("gettext"); }
if ensure_package chromium /usr/bin/chromium; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
else
    loud "SKIP browser tests: /usr/bin/chromium is missing and could not be installed (apt-get install chromium)"
    skips+=("browser tests (no chromium)")
fi

step "ruff"
run ruff "$BIN/ruff" check src tests bench

step "import contracts (pure libraries, layers between and inside the apps)"
run import-linter "$BIN/lint-imports" --no-cache

step "mypy (strict on the pure libraries)"
mypy_started=$SECONDS
run mypy "$BIN/mypy"
echo "mypy took $((SECONDS - mypy_started)) s"

step "migrations are up to date"
run migrations "$BIN/weltcafe" makemigrations --check --dry-run

step "translations compile and the committed .mo files are current"
check_messages() {
    local ok=0 po mo
    for po in src/weltcafe/locale/*/LC_MESSAGES/django.po; do
        mo=${po%.po}.mo
        if ! msgfmt --check -o "$WELTCAFE_DATA_DIR/check.mo" "$po"; then ok=1; continue; fi
        if ! cmp -s "$WELTCAFE_DATA_DIR/check.mo" "$mo"; then
            echo "$mo is stale: run 'make compilemessages' and commit it"
            ok=1
        fi
    done
    return $ok
}
run translations check_messages

step "tests on SQLite with the in-process channel layer (two processes, pytest-xdist)"
# Each worker has its own in-memory database, process-local channel layer and cache, and its own data folder
# (tests/conftest.py), so nothing is shared between them. Files stay together (module fixtures, one browser each).
# A database file in WAL mode, as the embedded default runs: an in-memory database shares one cache between the
# browser tests' server threads, which then fail with "database table is locked" where WAL would let them read.
# Coverage of this phase (decision 0029): pytest-cov combines the workers' data; a short summary per app follows.
run "pytest (SQLite)" env WELTCAFE_TEST_DATABASE_NAME="$WELTCAFE_DATA_DIR/test.sqlite3" "$BIN/pytest" -p no:cacheprovider -n "${WELTCAFE_TEST_WORKERS:-2}" --dist loadfile --durations=15 \
    --cov --cov-report=

step "coverage of the SQLite phase (per file: $ARTIFACTS/coverage/report.txt)"
coverage_summary() { "$BIN/python" - <<'PY'
import collections, io, pathlib
import coverage

cov = coverage.Coverage(messages=False)  # settings from pyproject.toml [tool.coverage.*]
cov.load()
folder = pathlib.Path(cov.config.data_file).parent
with open(folder / "report.txt", "w") as report:
    cov.report(file=report, skip_covered=True, show_missing=True)
data = cov.get_data()
apps = collections.defaultdict(lambda: [0, 0])
for path in sorted(data.measured_files()):
    name = pathlib.Path(path).as_posix().split("/src/weltcafe/")[-1]
    if name.split("/")[-2:-1] == ["migrations"]:
        continue
    _file, statements, _excluded, missing, _text = cov.analysis2(path)
    if not statements:
        continue
    app = name.split("/")[0] if "/" in name else name  # top-level modules (cli.py) by their own name
    apps[app][0] += len(statements)
    apps[app][1] += len(statements) - len(missing)
total = cov.report(file=io.StringIO())
for app, (statements, covered) in sorted(apps.items()):
    print(f"  {app:<14} {statements:>6} statements  {100 * covered / max(statements, 1):5.1f} %")
print(f"  {'total':<14} {sum(s for s, _c in apps.values()):>6} statements  {total:5.1f} %")
PY
}
run coverage coverage_summary

step "PostgreSQL and Redis"
service_up() { "$BIN/python" - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError:
    sys.exit(1)
PY
}
if ! service_up 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null; then
    echo "starting PostgreSQL"; pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
fi
if ! service_up 127.0.0.1 6379 && command -v redis-server >/dev/null; then
    echo "starting Redis"; redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
    sleep 1
fi
if service_up 127.0.0.1 5432 && service_up 127.0.0.1 6379; then
    step "tests on PostgreSQL with the Redis channel layer (integration and e2e; unit tests need no database)"
    # Two processes as well: each has its own test database (pytest-django) and its own Redis database and
    # channel-layer prefix (tests/services_per_worker.py, loaded before the settings are read).
    run "pytest (PostgreSQL + Redis)" env WELTCAFE_DATABASE_URL="$PG_URL" WELTCAFE_REDIS_URL="$REDIS_URL_FOR_TESTS" \
        PYTHONPATH=. "$BIN/pytest" -p no:cacheprovider -p tests.services_per_worker \
        -n "${WELTCAFE_TEST_WORKERS:-2}" --dist loadfile -m "(integration or e2e) and not embedded" --durations=15
else
    loud "SKIP PostgreSQL + Redis run: nothing answers on 127.0.0.1:5432 and 127.0.0.1:6379 and neither could be started.
    Install them (apt-get install postgresql redis-server) or point WELTCAFE_TEST_POSTGRES_URL / WELTCAFE_TEST_REDIS_URL at running servers."
    skips+=("PostgreSQL + Redis run")
fi

step "summary"
for skipped in "${skips[@]}"; do loud "skipped: $skipped"; done
if [ ${#failures[@]} -gt 0 ]; then
    printf '\033[1;31mFAILED: %s\033[0m\n' "${failures[*]}"
    exit 1
fi
echo "all checks passed"
