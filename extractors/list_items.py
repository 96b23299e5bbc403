"""The items of a printed list: the lines each holds, and its text without the mark that opens it."""

from __future__ import annotations

from extractors.structure import TextLine
from extractors.text import list_marks, strip_bullet, without_list_mark

# An item: its lines, and their texts with the item's mark taken off.
Item = tuple[list[TextLine], list[str]]


def lines_to_groups(lines: list[TextLine], starts: list[bool]) -> list[list[TextLine]]:
    """The lines in runs, a new run at each line that starts one (and at the first line)."""
    groups: list[list[TextLine]] = []
    for t, start in zip(lines, starts, strict=True):
        if start or not groups:
            groups.append([t])
        else:
            groups[-1].append(t)
    return groups


def marked_lines_to_items(lines: list[TextLine]) -> list[Item] | None:
    """The items of a list whose marks open them; None when the list shows no marks,
    so that the caller finds where its items open some other way."""
    bullets = [strip_bullet(t.text) for t in lines]
    if any(marked for marked, _ in bullets):
        groups = lines_to_groups(lines, [marked for marked, _ in bullets])
        # A bullet printed apart from its text leaves an empty line: fold it forward.
        return [(g, texts) for g in groups if any(texts := [strip_bullet(t.text)[1] for t in g])]
    marks = list_marks([t.text for t in lines])
    if marks is None:
        return None
    # Marked some other way ("–", "*", "1.", "a)"): the mark opens each item.
    return [(g, [without_list_mark(g[0].text)] + [t.text for t in g[1:]])
            for g in lines_to_groups(lines, marks) if without_list_mark(g[0].text) or len(g) > 1]


def unmarked_lines_to_items(lines: list[TextLine], starts: list[bool]) -> list[Item]:
    """The items of a list printed without marks, one opening at each line that `starts` says opens one."""
    return [(g, [t.text for t in g]) for g in lines_to_groups(lines, starts)]
