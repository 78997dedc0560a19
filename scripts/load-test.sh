#!/usr/bin/env bash
# Bounded load test of the registry on loopback only: seeds N synthetic
# courses (default 10,000) into a fresh SQLite file through the API, then
# runs wrk for a fixed time against a course (JSON and HTML page), the
# course list and a filtered list. Prints requests/s and p99 latency, and
# fails (exit 1) on any non-2xx answer or socket error.
# Not a test: run it by hand and note the numbers.
#
#   scripts/load-test.sh [N_COURSES] [SECONDS] [CONNECTIONS]
#
# CASECOURSE_BIN: the binary under test (else a release build is made).
# CASECOURSE_BASELINE_BIN: an older binary to compare against in the same
#   run: both serve copies of the same seeded database, runs alternate
#   (baseline, candidate) per endpoint, and the ratios are printed, since
#   a shared machine's absolute numbers drift from minute to minute.
# Targets (2 cores, release): course page p99 < 20 ms, reads >= 2,000 req/s.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10000}"
SECONDS_PER_RUN="${2:-15}"
CONNECTIONS="${3:-32}"
PORT="${CASECOURSE_LOAD_PORT:-18080}"
ADDR="127.0.0.1:$PORT"   # loopback only
WORK="$(mktemp -d /tmp/casecourse-load.XXXXXX)"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -n "${CASECOURSE_BIN:-}" ]; then
  BIN="$CASECOURSE_BIN"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  cargo build --release -q -p casecourse-cli
  BIN="$CARGO_TARGET_DIR/release/casecourse"
fi
BASE="${CASECOURSE_BASELINE_BIN:-}"

SERVER=""
stop() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi
}
trap stop EXIT
start() { # start BIN DB LOG
  "$1" serve --database "sqlite://$2" --bind "$ADDR" 2>"$3" &
  SERVER=$!
  for _ in $(seq 100); do grep -q listening "$3" 2>/dev/null && return 0; sleep 0.1; done
  echo "server did not start: $(cat "$3")" >&2; exit 1
}

# Seed with the oldest binary, so the newer one migrates the copy forward.
start "${BASE:-$BIN}" "$WORK/seed.db" "$WORK/seed.log"
PASSWORD="$(grep -A2 'one-time password' "$WORK/seed.log" | tail -n 1 | tr -d ' ')"
TOKEN="$(python3 - "$ADDR" "$PASSWORD" "$N" <<'PY'
# Seeds synthetic courses over one keep-alive connection; prints the token.
import http.client, json, random, sys
addr, password, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
host, port = addr.split(":")
c = http.client.HTTPConnection(host, int(port))
def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    c.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:200]}")
    return json.loads(data) if data else None
login = call("POST", "/api/v1/auth/login", {"username": "admin", "password": password})
token = login["token"]
if login["user"].get("must_change_password"):  # the one-time password
    call("POST", "/api/v1/me/password", {"old_password": password, "new_password": password + "-load"}, token)
rng = random.Random(42)
drugs = ["mycophenolate mofetil", "tacrolimus", "cyclophosphamide", "rituximab", "prednisolone", "tofacitinib"]
antibodies = ["anti-MDA5", "anti-Jo-1", "anti-Ro52", "anti-PL-7"]
outcomes = ["complete remission", "partial remission", "death", "relapse"]
for i in range(n):
    ferritin = round(rng.lognormvariate(6.5, 1.0), 1)
    text = (f"Synthetic case {i}. A {rng.randint(18, 85)}-year-old patient. Ferritin {ferritin} ug/L. "
            f"{rng.choice(antibodies)} positive. Treated with {rng.choice(drugs)}. Outcome: {rng.choice(outcomes)}.")
    facts = []
    def fact(fid, kind, name, **extra):
        f = {"id": fid, "kind": kind, "name": name, "time": {"relation": "at", "day": float(rng.randint(0, 400))}}
        f.update(extra); facts.append(f)
    fact("f1", "lab", "ferritin", value=ferritin, unit="ug/L")
    fact("f2", "antibody", rng.choice(antibodies).lower(), result="positive")
    fact("f3", "medication", rng.choice(drugs))
    fact("f4", "status", rng.choice(outcomes))
    for k in range(rng.randint(4, 20)):
        fact(f"l{k}", "lab", rng.choice(["crp", "ldh", "kl-6", "ck", "alt"]), value=round(rng.uniform(1, 900), 1))
    course = {"schema": "casecourse.course/1", "source": {"text": text}, "index": {"kind": "admission", "description": "admission"},
              "facts": facts, "episodes": [], "warnings": []}
    call("POST", "/api/v1/courses", {"title": f"synthetic {i}", "course": course}, token)
print(token)
PY
)"
stop
echo "seeded $N courses"

MID=$((N / 2))
TARGETS=(
  "course-json /api/v1/courses/$MID"
  "course-page /courses/$MID"
  "course-list /api/v1/courses?limit=20"
  "filtered-list /api/v1/courses?biomarker=ferritin&above=2000&limit=20"
)
LABELS=(candidate)
[ -n "$BASE" ] && LABELS=(baseline candidate)
for label in "${LABELS[@]}"; do
  cp "$WORK/seed.db" "$WORK/$label.db"
  for ext in -wal -shm; do [ -e "$WORK/seed.db$ext" ] && cp "$WORK/seed.db$ext" "$WORK/$label.db$ext"; done
done

failed=0
# run LABEL NAME PATH: one wrk run; appends "name label rps p99_ms" to results.
run() {
  local label="$1" name="$2" path="$3" bin="$BIN" out
  [ "$label" = baseline ] && bin="$BASE"
  start "$bin" "$WORK/$label.db" "$WORK/$label.log"
  out="$WORK/$name.$label.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $TOKEN" "http://$ADDR$path" >"$out"
  stop
  local rps p99 bad
  rps="$(awk '/Requests\/sec/ {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000} print v}' "$out")"
  # wrk prints these lines only when something went wrong.
  bad="$(grep -E "Non-2xx or 3xx responses|Socket errors" "$out" || true)"
  if [ -n "$bad" ]; then
    echo "FAIL $name ($label): $bad" >&2
    failed=1
  fi
  echo "$name $label $rps $p99" >>"$WORK/results"
}

for t in "${TARGETS[@]}"; do
  read -r name path <<<"$t"
  for label in "${LABELS[@]}"; do run "$label" "$name" "$path"; done
done

python3 - "$WORK/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, label, rps, p99 = line.split()
    rows.setdefault(name, {})[label] = (float(rps), float(p99))
print(f"{'endpoint':<15}{'label':<11}{'req/s':>10}{'p99 ms':>9}")
for name, by in rows.items():
    for label, (rps, p99) in by.items():
        print(f"{name:<15}{label:<11}{rps:>10.0f}{p99:>9.2f}")
    if "baseline" in by and "candidate" in by:
        (br, bp), (cr, cp) = by["baseline"], by["candidate"]
        print(f"{name:<15}{'ratio':<11}{cr / br:>9.2f}x{cp / bp:>8.2f}x")
PY
echo "results in $WORK"
if [ "$failed" -ne 0 ]; then echo "load test FAILED: some requests were not 2xx" >&2; exit 1; fi
