"""Parse a PEEL report held as markdown-like text into a renderable document.

The text is the shape produced by converting a published PEEL PDF to
markdown: ``#`` headings whose levels are unreliable, ``<sup>n</sup>``
footnote markers, footnote texts after ``---`` page separators, tab-separated
contents and judgments tables.  Heading levels are rebuilt from the contents
list (bold entries are parts, plain entries are sub-sections), which is what
the printed report does too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GRADE_WORDS = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate", "Ungraded")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    sup: bool = False


@dataclass
class Cover:
    title: str
    subtitle: str
    month_year: str
    copyright: str
    isbn: str
    url: str
    notice: str = ""  # any other cover line, e.g. a test document's "Synthetic test document ..." mark


@dataclass
class Heading:
    level: int  # 1 = part (new page), 2 = sub-section, 3 = minor heading
    runs: list[Run]
    source_level: int = 0  # the number of '#' in the converted text (unreliable, kept for tests)


@dataclass
class GradeLine:
    grade: str


@dataclass
class Paragraph:
    runs: list[Run]
    bullet: bool = False


@dataclass
class ContentsEntry:
    text: str
    level: int


@dataclass
class Contents:
    entries: list[ContentsEntry]


@dataclass
class FinMetric:
    description: str
    force_value: str
    england_wales_value: str


@dataclass
class FinBlock:
    title: str
    metrics: list[FinMetric]


@dataclass
class ForceInNumbers:
    force_label: str
    blocks: list[FinBlock]
    note: list[Run]


@dataclass
class Judgments:
    overall: list[tuple[str, str]]  # ("Overall effectiveness 2017", "Requires improvement"); none for area grades
    header: list[str]
    rows: list[list[str]]

    @property
    def overall_label(self) -> str:
        return self.overall[0][0] if self.overall else ""

    @property
    def overall_grade(self) -> str:
        return self.overall[0][1] if self.overall else ""


@dataclass
class ReportSource:
    cover: Cover
    contents: Contents
    body: list[object]  # Heading | GradeLine | Paragraph | ForceInNumbers | Judgments
    footnotes: dict[int, list[Run]] = field(default_factory=dict)


_INLINE = re.compile(
    r"(?P<sup><sup>(?P<suptext>[^<]+)</sup>)"
    r"|(?P<link>\[(?P<linktext>[^\]]+)\]\([^)]*\))"
    r"|(?P<bold>\*\*|</?b>)"
    r"|(?P<esc>\\[*_\\])"
    r"|(?P<italic>\*)"
)


def inline_to_runs(text: str) -> list[Run]:
    """Turn one line of inline markup into styled runs."""
    runs: list[Run] = []
    bold = italic = False
    pos = 0
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold=bold, italic=italic))
            buf.clear()

    for m in _INLINE.finditer(text):
        buf.append(text[pos : m.start()])
        pos = m.end()
        if m.group("sup"):
            flush()
            runs.append(Run(m.group("suptext"), bold=bold, italic=italic, sup=True))
        elif m.group("link"):
            buf.append(re.sub(r"\\+_", "_", m.group("linktext")))
        elif m.group("bold"):
            flush()
            bold = not bold if m.group("bold") == "**" else m.group("bold") == "<b>"
        elif m.group("esc"):
            buf.append(m.group("esc")[1])
        else:
            flush()
            italic = not italic
    buf.append(text[pos:])
    flush()
    return [r for r in _merge(runs) if r.text]


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].sup) == (r.bold, r.italic, r.sup) and not r.sup:
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic, r.sup)
        else:
            out.append(r)
    return out


def plain(text: str) -> str:
    return "".join(r.text for r in inline_to_runs(text)).strip()


def _blocks(text: str) -> list[str]:
    """Split into non-empty logical lines, dropping page separators."""
    out = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.strip() == "---":
            continue
        out.append(line)
    return out


_FOOTNOTE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def text_to_report_source(text: str) -> ReportSource:
    lines = _blocks(text)
    i = 0
    # Cover: everything before "# Contents".
    cover_lines = []
    while not lines[i].startswith("# Contents"):
        cover_lines.append(plain(_HEADING.sub(r"\2", lines[i])))
        i += 1
    cover = _cover(cover_lines)
    i += 1
    entries: list[ContentsEntry] = []
    while "....." in lines[i]:
        label = lines[i].split("\t")[0]
        level = 1 if label.lstrip().startswith("<b>") else 2
        entries.append(ContentsEntry(plain(re.sub(r"\s*\.{3,}\s*$", "", label.replace("<b>", "").replace("</b>", ""))), level))
        i += 1
    levels = {e.text: e.level for e in entries}
    seen: set[str] = set()
    body: list[object] = []
    footnotes: dict[int, list[Run]] = {}
    force_label = re.sub(r"^An? inspection of (the )?", "", cover.subtitle)
    last_heading_level = 0
    while i < len(lines):
        line = lines[i]
        fm = _FOOTNOTE.match(line)
        hm = _HEADING.match(line)
        if fm:
            footnotes[int(fm.group(1))] = inline_to_runs(fm.group(2))
        elif hm:
            title = plain(hm.group(2))
            if title in GRADE_WORDS and last_heading_level == 1:
                body.append(GradeLine(title))
            elif title == "Force in numbers" and title not in seen:
                seen.add(title)
                body.append(Heading(1, inline_to_runs(hm.group(2)), len(hm.group(1))))
                i, fin = _force_in_numbers(lines, i + 1, force_label)
                body.append(fin)
                last_heading_level = 0
                continue
            else:
                level = levels.get(title, 3) if title not in seen else 3
                seen.add(title)
                body.append(Heading(level, inline_to_runs(hm.group(2)), len(hm.group(1))))
                last_heading_level = level
                i += 1
                continue
        elif (line.startswith("Overall ") and "\t" not in line and any(line.rstrip().endswith(g) for g in GRADE_WORDS)) or (
            line.split("\t")[0].strip() in ("Question", "Area of policing") and "\t" in line
        ):
            i, table = _judgments(lines, i)
            body.append(table)
            continue
        elif line.strip() in GRADE_WORDS and last_heading_level == 1:
            body.append(GradeLine(line.strip()))
        elif line.lstrip().startswith("- "):
            body.append(Paragraph(inline_to_runs(line.lstrip()[2:].strip()), bullet=True))
        else:
            runs = inline_to_runs(line.strip())
            if runs:
                body.append(Paragraph(runs))
        last_heading_level = 0 if not isinstance(body[-1] if body else None, GradeLine) else last_heading_level
        i += 1
    return ReportSource(cover, Contents(entries), _rejoin_paragraphs(body), footnotes)


def _rejoin_paragraphs(body: list[object]) -> list[object]:
    """Join a paragraph that the source cut at a page break back into one.

    The converted text breaks a paragraph where the printed page ended and puts
    the page's footnotes in between; the continuation starts in lower case.
    """
    out: list[object] = []
    for item in body:
        prev = out[-1] if out else None
        if (
            isinstance(item, Paragraph)
            and not item.bullet
            and isinstance(prev, Paragraph)
            and item.runs[0].text[:1].islower()
            and not prev.runs[-1].text.rstrip().endswith((".", ":", "!", "?"))
        ):
            out[-1] = Paragraph(prev.runs + [Run(" ")] + item.runs, bullet=prev.bullet)
        else:
            out.append(item)
    return out


def _cover(lines: list[str]) -> Cover:
    def find(pattern: str) -> str:
        for line in lines:
            if re.search(pattern, line):
                return line
        raise ValueError(f"cover has no line matching {pattern!r}")

    cover = Cover(
        title=lines[0],
        subtitle=find(r"^An? inspection of "),
        month_year=find(r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$"),
        copyright=find(r"^©"),
        isbn=find(r"^ISBN"),
        url=find(r"^www\."),
    )
    known = {cover.title, cover.subtitle, cover.month_year, cover.copyright, cover.isbn, cover.url}
    cover.notice = " ".join(line for line in lines if line not in known)
    return cover


_VALUE = re.compile(r"^[+\-−–]?\d[\d,.]*%?$|^[–-]$")


def _force_in_numbers(lines: list[str], i: int, force_label: str) -> tuple[int, ForceInNumbers]:
    blocks: list[FinBlock] = []
    note: list[Run] = []
    pending: list[str] = []
    # The infographic runs to the next part of the report: a top-level heading, or the
    # sample's "## Risk-based inspection".
    while i < len(lines) and not lines[i].startswith("# ") and not (
        _HEADING.match(lines[i]) and plain(_HEADING.match(lines[i]).group(2)) == "Risk-based inspection"
    ):
        line = lines[i]
        hm = _HEADING.match(line)
        text = plain(line)
        if hm:
            blocks.append(FinBlock(plain(hm.group(2)), []))
        elif line.startswith("\\*"):
            note = inline_to_runs(line)
        elif _VALUE.match(text):
            pending.append(text)
            if len(pending) == 3:
                blocks[-1].metrics.append(FinMetric(*pending))
                pending = []
        elif text in (force_label, "England and Wales"):
            pass
        else:
            pending = [text]
        i += 1
    return i, ForceInNumbers(force_label, blocks, note)


def _judgments(lines: list[str], i: int) -> tuple[int, Judgments]:
    overall = []
    while lines[i].startswith("Overall ") and "\t" not in lines[i]:
        m = re.match(r"^(.*?)\s{2,}(\S.*)$", lines[i].strip())
        assert m, lines[i]
        overall.append((m.group(1), m.group(2)))
        i += 1
    header = [c.strip() for c in lines[i].split("\t")]
    rows = []
    i += 1
    while "\t" in lines[i]:
        rows.append([c.strip() for c in lines[i].split("\t")])
        i += 1
    return i, Judgments(overall, header, rows)
