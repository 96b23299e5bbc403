"""Render the sample report: ``python -m renderers SOURCE.txt OUT.pdf [--theme NAME]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from renderers.themes import THEMES, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--theme", default="published", choices=sorted(THEMES))
    args = parser.parse_args()
    pages = render(args.source.read_text(encoding="utf-8"), args.out, args.theme)
    print(f"{args.out}: {pages} pages ({args.theme})")


if __name__ == "__main__":
    main()
