#!/usr/bin/env bash
# Bounded load test of the registry on loopback only: starts `casecourse
# serve` on a fresh SQLite file, seeds N synthetic courses (default 10,000)
# through the API, then runs wrk for a fixed time against a course page
# (JSON and HTML) and the course list. Prints p99 latency and requests/s.
# Not a test: run it by hand and note the numbers.
#
#   scripts/load-test.sh [N_COURSES] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10000}"
SECONDS_PER_RUN="${2:-15}"
CONNECTIONS="${3:-32}"
PORT="${CASECOURSE_LOAD_PORT:-18080}"
ADDR="127.0.0.1:$PORT"   # loopback only
WORK="$(mktemp -d /tmp/casecourse-load.XXXXXX)"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# CASECOURSE_BIN: an already built binary (else a release build is made).
if [ -n "${CASECOURSE_BIN:-}" ]; then
  BIN="$CASECOURSE_BIN"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  cargo build --release -q -p casecourse-cli
  BIN="$CARGO_TARGET_DIR/release/casecourse"
fi

"$BIN" serve --database "sqlite://$WORK/load.db" --bind "$ADDR" 2>"$WORK/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
PASSWORD="$(grep -A2 'one-time password' "$WORK/server.log" | tail -n 1 | tr -d ' ')"

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
token = call("POST", "/api/v1/auth/login", {"username": "admin", "password": password})["token"]
rng = random.Random(42)
drugs = ["mycophenolate mofetil", "tacrolimus", "cyclophosphamide", "rituximab", "prednisolone", "tofacitinib"]
antibodies = ["anti-MDA5", "anti-Jo-1", "anti-Ro52", "anti-PL-7"]
outcomes = ["complete remission", "partial remission", "death", "relapse"]
for i in range(n):
    ferritin = round(rng.lognormvariate(6.5, 1.0), 1)
    text = (f"Synthetic case {i}. A {rng.randint(18, 85)}-year-old patient. Ferritin {ferritin} ug/L. "
            f"{rng.choice(antibodies)} positive. Treated with {rng.choice(drugs)}. Outcome: {rng.choice(outcomes)}.")
    facts, pos = [], 0
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
echo "seeded $N courses"

run() {
  local name="$1"; shift
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $TOKEN" "$@" \
    | tee "$WORK/$name.txt" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
MID=$((N / 2))
run course-json "http://$ADDR/api/v1/courses/$MID"
run course-page "http://$ADDR/courses/$MID"
run course-list "http://$ADDR/api/v1/courses?limit=20"
run filtered-list "http://$ADDR/api/v1/courses?biomarker=ferritin&above=2000&limit=20"
echo "results in $WORK"
