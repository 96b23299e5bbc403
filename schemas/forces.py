"""The 43 forces of England and Wales and the names reports call them by."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE = Path(__file__).parent / "reference"


@dataclass(frozen=True)
class Force:
    force_id: str
    name: str
    population_key: str
    grades_key: str
    variants: tuple[str, ...]


def _key(name: str) -> str:
    text = name.lower().replace("&", "and")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^a-z]+", " ", text).strip()


@lru_cache(maxsize=1)
def forces() -> tuple[Force, ...]:
    with open(REFERENCE / "forces.csv", encoding="utf-8", newline="") as fh:
        return tuple(
            Force(r["force_id"], r["name"], r["population_key"], r["grades_key"], tuple(r["variants"].split(";")))
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _index() -> dict[str, Force]:
    index: dict[str, Force] = {}
    for force in forces():
        for name in (force.name, force.force_id.replace("-", " "), *force.variants):
            index[_key(name)] = force
    return index


def name_to_force(name: str | None) -> Force | None:
    """'the Metropolitan Police Service', 'Metropolitan Police', 'Met' -> the Metropolitan Police Service."""
    if not name:
        return None
    return _index().get(_key(name))
