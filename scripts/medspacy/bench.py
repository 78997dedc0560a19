"""Times a medspaCy rule pipeline on lists of texts, for comparison with
casecourse (run by scripts/bench-medspacy.sh, which installs medspaCy).

The pipeline is medspacy.load() on a blank English model (no statistical
model): medspaCy's tokenizer, the PyRuSH sentence splitter, a TargetMatcher
with one rule per surface of our lexicons (data/lexicon: drugs, analytes,
antibodies, symptoms, conditions; names and aliases case-insensitive,
abbreviations case-sensitive, as casecourse matches them) and ConText with
its default rules.

    python bench.py --lexicon DIR [--warmup 2] [--repeats 10]
                    [--sentencizer pyrush|spacy] NAME=LIST [NAME=LIST ...]

LIST is a file with one text path per line. Prints one JSON object.
"""

import argparse
import json
import statistics
import sys
import time
import tomllib
import warnings
from collections import Counter
from pathlib import Path

t_import = time.perf_counter()
try:
    from loguru import logger

    # PyRuSH logs every sentence boundary at DEBUG level through loguru;
    # printing that would time the terminal, not the pipeline.
    logger.remove()
    logger.disable("PyRuSH")
    import medspacy
    from medspacy.ner import TargetRule
except ImportError as e:  # pragma: no cover - reported to the shell script
    sys.exit(f"bench.py: medspaCy is not importable ({e}); run scripts/bench-medspacy.sh")
import_ms = (time.perf_counter() - t_import) * 1e3

# The TargetMatcher warns on each match that overlaps an earlier entity; the
# warnings are not results, and printing them would be timed.
warnings.filterwarnings("ignore", category=RuntimeWarning, module="medspacy")

# Lexicon file -> (array-of-tables key, TargetRule category).
LEXICONS = [
    ("drugs.toml", "drug", "DRUG"),
    ("analytes.toml", "analyte", "ANALYTE"),
    ("antibodies.toml", "term", "ANTIBODY"),
    ("symptoms.toml", "term", "SYMPTOM"),
    ("conditions.toml", "term", "CONDITION"),
]


def rules_from_lexicon(nlp, lexicon_dir):
    """One TargetRule per distinct surface: names and aliases matched on the
    lower-cased text, abbreviations on the exact token text."""
    rules, seen = [], set()
    for file, key, category in LEXICONS:
        with open(Path(lexicon_dir) / file, "rb") as f:
            entries = tomllib.load(f).get(key, [])
        for e in entries:
            for s in [e["name"], *e.get("aliases", [])]:
                if s.strip() and (s.lower(), category) not in seen:
                    seen.add((s.lower(), category))
                    rules.append(TargetRule(s, category, attributes=None))
            for a in e.get("abbreviations", []):
                if a.strip() and (a, category, "abbr") not in seen:
                    seen.add((a, category, "abbr"))
                    pattern = [{"TEXT": t.text} for t in nlp.tokenizer(a)]
                    rules.append(TargetRule(a, category, pattern=pattern))
    return rules


def build(lexicon_dir, sentencizer):
    if sentencizer == "pyrush":
        nlp = medspacy.load()
    else:
        nlp = medspacy.load(medspacy_enable=["medspacy_tokenizer", "medspacy_target_matcher", "medspacy_context"])
        nlp.add_pipe("sentencizer", first=True)
    rules = rules_from_lexicon(nlp, lexicon_dir)
    nlp.get_pipe("medspacy_target_matcher").add(rules)
    return nlp, len(rules)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lexicon", required=True)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--sentencizer", choices=["pyrush", "spacy"], default="pyrush")
    p.add_argument("sets", nargs="+", help="NAME=LIST")
    a = p.parse_args()

    startup = []
    for _ in range(5):
        t = time.perf_counter()
        nlp, n_rules = build(a.lexicon, a.sentencizer)
        # The first call finishes lazy initialisation (matcher compilation).
        nlp("Prednisone was started.")
        startup.append((time.perf_counter() - t) * 1e3)

    out_sets = []
    for spec in a.sets:
        name, _, listfile = spec.partition("=")
        paths = [l.strip() for l in Path(listfile).read_text().splitlines() if l.strip()]
        texts = [Path(x).read_text(encoding="utf-8") for x in paths]
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        labels, asserted = Counter(), Counter()
        sents = 0
        for t in texts:  # first warm-up pass, counted
            doc = nlp(t)
            sents += sum(1 for _ in doc.sents)
            for ent in doc.ents:
                labels[ent.label_] += 1
                for attr in ("is_negated", "is_uncertain", "is_historical", "is_hypothetical", "is_family"):
                    if getattr(ent._, attr):
                        asserted[attr.removeprefix("is_")] += 1
        for _ in range(1, a.warmup):
            for t in texts:
                nlp(t)
        secs = []
        for _ in range(max(1, a.repeats)):
            t0 = time.perf_counter()
            for t in texts:
                nlp(t)
            secs.append(time.perf_counter() - t0)
        med = statistics.median(secs)
        out_sets.append({
            "name": name,
            "docs": len(texts),
            "bytes": nbytes,
            "repeats": len(secs),
            "median_s": med,
            "min_s": min(secs),
            "mb_per_s": nbytes / 1e6 / med,
            "ms_per_doc": med * 1e3 / max(1, len(texts)),
            "entities": sum(labels.values()),
            "labels": dict(sorted(labels.items())),
            "context": dict(sorted(asserted.items())),
            "sentences": sents,
        })
    print(json.dumps({
        "tool": f"medspacy-{a.sentencizer}",
        "versions": {"medspacy": getattr(medspacy, "__version__", "?"), "spacy": __import__("spacy").__version__},
        "pipeline": nlp.pipe_names,
        "rules": n_rules,
        "import_ms": import_ms,
        "startup_ms": statistics.median(startup),
        "startup_first_ms": startup[0],
        "warmup": a.warmup,
        "sets": out_sets,
    }))


if __name__ == "__main__":
    main()
