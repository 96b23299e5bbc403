"""The facts a printing of a sample document must give, and how an extraction is compared with them.

Shared by the tests and the printing fuzzer, so a printing is judged by
exactly the same comparison wherever it is rendered.  The real report's
facts are the hand-checked golden file; each generation sample's are in
tests/golden/generations.json, written by hand from its text.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_REPORT = "peel-effectiveness-2017-metropolitan"
REAL_TEXT = ROOT / "samples" / f"{REAL_REPORT}.txt"
GENERATIONS = ROOT / "samples" / "generations"
GOLDEN = ROOT / "tests" / "golden" / f"{REAL_REPORT}.json"
GENERATIONS_GOLDEN = ROOT / "tests" / "golden" / "generations.json"


def facts(extraction) -> dict:
    """The producer-independent part of an extraction: what the golden file holds."""
    d = extraction.to_json_dict()
    return {
        "report": {k: d["report"][k] for k in ("title", "force", "pillar", "year", "published", "isbn")},
        "overall_grade": d["overall_grade"],
        "grades": [{k: g[k] for k in ("question", "grade", "last_inspected")} for g in d["grades"]],
        "areas_for_improvement": [{k: a[k] for k in ("section", "text")} for a in d["areas_for_improvement"]],
        "footnotes": [{k: f[k] for k in ("number", "text")} for f in d["footnotes"]],
        "headline_metrics": [
            {k: m[k] for k in ("block", "metric", "period", "unit", "force_value", "england_wales_value")}
            for m in d["headline_metrics"]
        ],
        "narrative_statistics": [
            {k: n[k] for k in ("value", "unit", "subject", "period", "comparison", "compared_with", "change_from",
                               "change_to", "infographic_metric")}
            for n in d["narrative_statistics"]
        ],
    }


def expected(golden: dict) -> dict:
    return {k: v for k, v in golden.items() if not k.startswith("_")}


def generations_expected() -> dict[str, dict]:
    """Each generation sample's hand-written facts, by sample name."""
    return {k: v for k, v in json.loads(GENERATIONS_GOLDEN.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def generation_facts(extraction, want: dict) -> dict:
    """What a generation sample's extraction says, in the shape of its entry in generations.json.

    Every sample is marked synthetic on its cover and must read without
    warnings; those two are compared as facts too.  A headline is looked up
    by its expected text: every area for improvement under it is listed, so
    a missing or doubled headline shows as a difference.
    """
    ex = extraction
    r = ex.report
    return {
        "report": [r.generation, r.force_id, r.pillar, r.year],
        "synthetic": r.synthetic,
        "overall_grade": ex.overall_grade,
        "grades": [[g.question, g.grade, g.level, g.pillar] for g in ex.grades],
        "carried_over": {g.question: g.carried_over_from for g in ex.grades if g.carried_over_from},
        "stated_graded_areas": ex.stated_graded_areas,
        "areas_for_improvement": len(ex.areas_for_improvement),
        "causes_of_concern": [[c.section, len(c.recommendations), c.accelerated] for c in ex.causes_of_concern],
        "practice": [[p.label, p.section] for p in ex.practice_examples],
        "headlines": {h: [a.explanation for a in ex.areas_for_improvement if a.headline == h]
                      for h in want.get("headlines", {})},
        "headline_metrics": [[m.block, m.metric, m.period, m.unit, m.force_value, m.england_wales_value]
                             for m in ex.headline_metrics],
        "warnings": [f"{w.code} (page {w.page}): {w.message}" for w in ex.warnings],
    }


def generation_expected(want: dict) -> dict:
    """A generations.json entry with the defaults of keys it leaves out, comparable with generation_facts."""
    return {
        "report": want["report"],
        "synthetic": True,
        "overall_grade": want["overall_grade"],
        "grades": want["grades"],
        "carried_over": want.get("carried_over", {}),
        "stated_graded_areas": want.get("stated_graded_areas"),
        "areas_for_improvement": want["areas_for_improvement"],
        "causes_of_concern": want["causes_of_concern"],
        "practice": want["practice"],
        "headlines": {h: [e] for h, e in want.get("headlines", {}).items()},
        "headline_metrics": want.get("headline_metrics", []),
        "warnings": [],
    }


def document_text(document: str) -> str:
    path = REAL_TEXT if document == REAL_REPORT else GENERATIONS / f"{document}.txt"
    return path.read_text(encoding="utf-8")


def document_names() -> list[str]:
    """The real report, then every generation sample, by name."""
    return [REAL_REPORT] + sorted(p.stem for p in GENERATIONS.glob("*.txt"))


def expected_facts(document: str) -> dict:
    if document == REAL_REPORT:
        return expected(json.loads(GOLDEN.read_text(encoding="utf-8")))
    return generation_expected(generations_expected()[document])


def extraction_to_facts(document: str, extraction) -> dict:
    if document == REAL_REPORT:
        return facts(extraction)
    return generation_facts(extraction, generations_expected()[document])


def differences(want: dict, got: dict, shown: int = 3) -> list[str]:
    """One line per kind of fact that differs: counts, then the first few items that differ."""
    lines = []
    for kind in want:
        w, g = want[kind], got.get(kind)
        if w == g:
            continue
        if isinstance(w, list) and isinstance(g, list):
            missing = [x for x in w if x not in g]
            extra = [x for x in g if x not in w]
            line = f"{kind}: expected {len(w)}, got {len(g)}"
            if missing:
                line += f"; missing {_short(missing[:shown])}" + (" …" if len(missing) > shown else "")
            if extra:
                line += f"; unexpected {_short(extra[:shown])}" + (" …" if len(extra) > shown else "")
            if not missing and not extra:
                line += "; same items in another order"
            lines.append(line)
        elif isinstance(w, dict) and isinstance(g, dict):
            keys = [k for k in {**w, **g} if w.get(k) != g.get(k)]
            lines.append(f"{kind}: " + "; ".join(f"{k!r}: expected {_short(w.get(k))} got {_short(g.get(k))}"
                                                 for k in keys[:shown]) + (" …" if len(keys) > shown else ""))
        else:
            lines.append(f"{kind}: expected {_short(w)} got {_short(g)}")
    return lines


def _short(value, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
