#!/usr/bin/env bash
# casecourse vs medspaCy, in one run, on the same texts, one thread each.
#
# Texts: the founding case (../shared/cases/mda5-cadm-rpild-mmf.txt, when
# present), every tests/fixtures/cases/*.txt, and the MACCROBAT2020 texts
# (../shared/corpora/maccrobat2020/*/*.txt, when present).
#
# casecourse is timed twice: in process, one `extract` per document
# (crates/extract/examples/bench_texts.rs: warm-up, then the median of
# repeats), and as `casecourse batch DIR --jobs 1` over a folder of each set
# (whole process: start-up, reading, JSON Lines output).
# medspaCy (PyPI `medspacy`, installed here into a cached venv) runs its
# default rule pipeline on a blank English model -- medspaCy tokenizer,
# PyRuSH sentence splitter, a TargetMatcher with one rule per surface of our
# lexicons (drugs, analytes, antibodies, symptoms, conditions) and ConText
# with its default rules -- see scripts/medspacy/bench.py. A second medspaCy
# row swaps PyRuSH for spaCy's rule sentencizer, to show how much of the
# time is the sentence splitter.
#
# Prints a Markdown table (start-up, founding case ms/doc, fixtures and
# MACCROBAT MB/s, speed-up casecourse/medspaCy, entities found by each).
# With --write-doc it also replaces the "## casecourse vs medspaCy" section
# of docs/performance.md with this run's numbers. Not part of the test suite.
#
# Usage: scripts/bench-medspacy.sh [--write-doc]
# Environment: REPEATS (casecourse in process, default 10), MS_REPEATS
# (medspaCy, default 3), BATCH_REPEATS (default 3), WARMUP (default 2),
# MEDSPACY_VERSION (default 1.3.1), SHARED (default ../shared),
# MEDSPACY_VENV (default ${XDG_CACHE_HOME:-$HOME/.cache}/casecourse/medspacy-venv),
# PYTHON (a python3 >= 3.11 to make the venv with), BENCH_DIR (keep the
# raw JSON results there), WITH_CRITERION=1 (also run the criterion bench).
set -euo pipefail
cd "$(dirname "$0")/.."
WRITE_DOC=0
for a in "$@"; do
  case "$a" in
    --write-doc) WRITE_DOC=1 ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-medspacy: unknown argument $a (try --help)" >&2; exit 2 ;;
  esac
done
SHARED=${SHARED:-../shared}
REPEATS=${REPEATS:-10}
MS_REPEATS=${MS_REPEATS:-3}
BATCH_REPEATS=${BATCH_REPEATS:-3}
WARMUP=${WARMUP:-2}
MEDSPACY_VERSION=${MEDSPACY_VERSION:-1.3.1}
VENV=${MEDSPACY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/casecourse/medspacy-venv}
WORK=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$WORK"
# One thread each: no BLAS or OpenMP pool behind spaCy's back.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 RAYON_NUM_THREADS=1
exec </dev/null
LOAD_BEFORE=$(uptime)

# --- medspaCy in a cached venv -------------------------------------------
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys, tomllib, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "bench-medspacy: $PY is not a Python >= 3.11 with venv (needed for tomllib); set PYTHON=" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "bench-medspacy: creating $VENV" >&2
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV" || { echo "bench-medspacy: could not create the venv $VENV (Debian: apt-get install python3-venv)" >&2; exit 1; }
fi
if ! "$VENV/bin/python" -c "import medspacy, sys; sys.exit(medspacy.__version__ != '$MEDSPACY_VERSION')" 2>/dev/null; then
  echo "bench-medspacy: installing medspacy==$MEDSPACY_VERSION into $VENV" >&2
  if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "medspacy==$MEDSPACY_VERSION" > "$WORK/pip.log" 2>&1; then
    echo "bench-medspacy: pip install medspacy==$MEDSPACY_VERSION failed (is PyPI reachable? see below); nothing was timed." >&2
    tail -n 20 "$WORK/pip.log" >&2
    exit 1
  fi
fi

# --- the texts ------------------------------------------------------------
: > "$WORK/founding.list"
[ -f "$SHARED/cases/mda5-cadm-rpild-mmf.txt" ] && realpath "$SHARED/cases/mda5-cadm-rpild-mmf.txt" > "$WORK/founding.list"
ls tests/fixtures/cases/*.txt | xargs realpath > "$WORK/fixtures.list"
ls "$SHARED"/corpora/maccrobat2020/*/*.txt 2>/dev/null | xargs -r realpath > "$WORK/maccrobat.list" || true
SETS=()
for s in founding fixtures maccrobat; do
  if [ -s "$WORK/$s.list" ]; then
    SETS+=("$s=$WORK/$s.list")
    rm -rf "$WORK/dir-$s"; mkdir -p "$WORK/dir-$s"
    while read -r f; do ln -s "$f" "$WORK/dir-$s/"; done < "$WORK/$s.list"
  else
    echo "bench-medspacy: no $s texts here; that column stays empty" >&2
  fi
done

# --- casecourse -----------------------------------------------------------
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release -q --locked -p casecourse-cli
cargo build --release -q --locked -p casecourse-extract --example bench_texts
CASECOURSE="$TARGET/release/casecourse"

echo "bench-medspacy: casecourse in process ($REPEATS repeats)..." >&2
"$TARGET/release/examples/bench_texts" --warmup "$WARMUP" --repeats "$REPEATS" "${SETS[@]}" > "$WORK/casecourse.json"

echo "bench-medspacy: casecourse batch --jobs 1 ($BATCH_REPEATS runs per set)..." >&2
"$VENV/bin/python" - "$CASECOURSE" "$WORK" "$BATCH_REPEATS" "${SETS[@]}" > "$WORK/batch.json" <<'PY'
import json, statistics, subprocess, sys, time
exe, work, n, sets = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
out = []
for spec in sets:
    name = spec.split("=", 1)[0]
    secs = []
    for i in range(n + 1):  # the first run warms the page cache, untimed
        t = time.perf_counter()
        r = subprocess.run([exe, "batch", f"{work}/dir-{name}", "--out", f"{work}/batch-{name}.jsonl", "--jobs", "1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter() - t
        if r.returncode != 0:
            sys.exit(f"casecourse batch failed on {name}: {r.stderr}")
        if i:
            secs.append(dt)
    paths = open(spec.split("=", 1)[1]).read().split()
    nbytes = sum(len(open(p, "rb").read()) for p in paths)
    med = statistics.median(secs)
    out.append({"name": name, "docs": len(paths), "bytes": nbytes, "median_s": med, "min_s": min(secs),
                "mb_per_s": nbytes / 1e6 / med, "ms_per_doc": med * 1e3 / len(paths),
                "summary": r.stderr.strip().splitlines()[-1]})
print(json.dumps({"tool": "casecourse batch --jobs 1", "runs": n, "sets": out}))
PY

for v in pyrush spacy; do
  echo "bench-medspacy: medspaCy ($v sentence splitter, $MS_REPEATS repeats)..." >&2
  "$VENV/bin/python" scripts/medspacy/bench.py --lexicon data/lexicon --sentencizer "$v" \
    --warmup 1 --repeats "$MS_REPEATS" "${SETS[@]}" > "$WORK/medspacy-$v.json"
done

if [ "${WITH_CRITERION:-0}" = 1 ]; then
  echo "bench-medspacy: criterion bench (cargo bench -p casecourse-extract)..." >&2
  cargo bench -q --locked -p casecourse-extract --bench extract -- --noplot 2>&1 \
    | grep -E '^(extract|throughput|start-up)|time:|thrpt:' > "$WORK/criterion.txt" || true
fi
LOAD_AFTER=$(uptime)

# --- the table --------------------------------------------------------------
"$VENV/bin/python" - "$WORK" "$LOAD_BEFORE" "$LOAD_AFTER" > "$WORK/section.md" <<'PY'
import json, os, platform, subprocess, sys
work, before, after = sys.argv[1:4]
load = lambda f: json.load(open(os.path.join(work, f)))
cc, batch = load("casecourse.json"), load("batch.json")
ms = {v: load(f"medspacy-{v}.json") for v in ("pyrush", "spacy")}
def s(rep, name):
    return next((x for x in rep["sets"] if x["name"] == name), None)
def cell(rep, name, key, fmt):
    x = s(rep, name)
    return fmt.format(x[key]) if x else "–"
def ratio(a, b, name, key, inverse=False):
    x, y = s(a, name), s(b, name)
    if not x or not y:
        return "–"
    r = y[key] / x[key] if inverse else x[key] / y[key]
    return f"{r:,.0f}×" if r >= 100 else f"{r:.1f}×"
sizes = {x["name"]: x for x in cc["sets"]}
desc = ", ".join(f"{n} {x['docs']} doc{'s' if x['docs'] != 1 else ''} / {x['bytes']/1e3:.0f} kB" for n, x in sizes.items())
msv = ms["pyrush"]["versions"]
rows = [
    ("casecourse, in process (`bench_texts` example)", f"{cc['startup_ms']:.1f}", cc),
    ("casecourse batch --jobs 1 (whole process, incl. start-up and JSON output)", "(in the times)", batch),
    (f"medspaCy {msv['medspacy']} default: PyRuSH + TargetMatcher + ConText", f"{ms['pyrush']['startup_ms']:.0f} (+{ms['pyrush']['import_ms']:.0f} import)", ms["pyrush"]),
    ("medspaCy with spaCy's rule sentencizer instead of PyRuSH", f"{ms['spacy']['startup_ms']:.0f} (+{ms['spacy']['import_ms']:.0f} import)", ms["spacy"]),
]
p = print
p("| tool | start-up ms | founding case ms/doc | fixtures MB/s | MACCROBAT MB/s | MACCROBAT ms/doc |")
p("|---|---:|---:|---:|---:|---:|")
for label, st, rep in rows:
    p(f"| {label} | {st} | {cell(rep, 'founding', 'ms_per_doc', '{:.2f}')} | {cell(rep, 'fixtures', 'mb_per_s', '{:.3f}')} | {cell(rep, 'maccrobat', 'mb_per_s', '{:.3f}')} | {cell(rep, 'maccrobat', 'ms_per_doc', '{:.2f}')} |")
for v, label in (("pyrush", "default medspaCy"), ("spacy", "medspaCy with the spaCy sentencizer")):
    m = ms[v]
    st = f"{m['startup_ms'] / cc['startup_ms']:.0f}×"
    p(f"| **speed-up casecourse in process / {label}** | {st} | {ratio(cc, m, 'founding', 'ms_per_doc', True)} | {ratio(cc, m, 'fixtures', 'mb_per_s')} | {ratio(cc, m, 'maccrobat', 'mb_per_s')} | {ratio(cc, m, 'maccrobat', 'ms_per_doc', True)} |")
p(f"| speed-up casecourse batch / default medspaCy | | {ratio(batch, ms['pyrush'], 'founding', 'ms_per_doc', True)} | {ratio(batch, ms['pyrush'], 'fixtures', 'mb_per_s')} | {ratio(batch, ms['pyrush'], 'maccrobat', 'mb_per_s')} | {ratio(batch, ms['pyrush'], 'maccrobat', 'ms_per_doc', True)} |")
p()
p(f"Texts: {desc}. Times are medians: casecourse in process {cc['sets'][0].get('repeats')} repeats after {cc['warmup']} warm-up passes; "
  f"batch {batch['runs']} runs after one untimed run; medspaCy {ms['pyrush']['sets'][0]['repeats']} repeats after one warm-up pass. "
  f"medspaCy start-up is building the pipeline with its {ms['pyrush']['rules']} target rules (median of 5, after `import medspacy`); casecourse start-up is parsing `data/lexicon/*.toml` from disk and compiling the matchers (median of 5).")
p()
p("What each found (sanity check, not a comparison of quality: casecourse merges restatements into one fact and reads values, units, times and doses; medspaCy counts every mention of a lexicon surface):")
p()
p("| set | casecourse facts: medication / lab+vital+pft / antibody / symptom / diagnosis (negated, all kinds) | medspaCy entities: DRUG / ANALYTE / ANTIBODY / SYMPTOM / CONDITION (negated) |")
p("|---|---|---|")
for x in cc["sets"]:
    k = x["kinds"]
    y = s(ms["pyrush"], x["name"])
    l = y["labels"]
    p(f"| {x['name']} | {k.get('medication', 0)} / {k.get('lab', 0) + k.get('vital', 0) + k.get('pft', 0)} / {k.get('antibody', 0)} / {k.get('symptom', 0)} / {k.get('diagnosis', 0)} ({x['negated']} of {x['facts']}) "
      f"| {l.get('DRUG', 0)} / {l.get('ANALYTE', 0)} / {l.get('ANTIBODY', 0)} / {l.get('SYMPTOM', 0)} / {l.get('CONDITION', 0)} ({y['context'].get('negated', 0)} of {y['entities']}) |")
crit = os.path.join(work, "criterion.txt")
if os.path.exists(crit) and os.path.getsize(crit):
    p()
    p("Criterion (`cargo bench -p casecourse-extract`) in the same run:")
    p()
    p("```")
    p(open(crit).read().rstrip())
    p("```")
p()
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
p(f"Measured at commit {commit} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, spaCy {msv['spacy']}. "
  f"Machine load (`uptime`) before: `{before.strip()}`; after: `{after.strip()}`. "
  "On a shared machine the absolute times are slower than on an idle one; both tools ran in the same minutes, so the speed-ups are the figures to read.")
PY
cat "$WORK/section.md"

if [ "$WRITE_DOC" = 1 ]; then
  python3 - "$WORK/section.md" <<'PY'
import re, sys
doc = open("docs/performance.md").read()
body = open(sys.argv[1]).read()
head = doc.split("\n## casecourse vs medspaCy", 1)[0].rstrip("\n")
intro = open("scripts/medspacy/section-intro.md").read().strip()
open("docs/performance.md", "w").write(head + "\n\n## casecourse vs medspaCy\n\n" + intro + "\n\n" + body.rstrip() + "\n")
PY
  echo "bench-medspacy: docs/performance.md updated" >&2
fi
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
