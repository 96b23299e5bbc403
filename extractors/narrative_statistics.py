"""Statistics stated in the prose, and the comparisons the prose makes with them.

"11 percent of investigations ... below the England and Wales rate of 13
percent"; "22 per 10,000 population, compared to 10 per 10,000 population
for England and Wales"; "increased 21 percent from 83 OCGs per 1 million
population".  Figures, units, England and Wales cues, changes and
comparisons are found by the spaCy Matcher rules of `patterns/statistics.jsonl`
and `patterns/periods.jsonl`; this module only decides which figure each
rule speaks of.

Only sentences are read: a figure must sit in running text that ends with
sentence punctuation, so the infographic's and the tables' figures (read by
their own extractors) are not read twice.  A link the prose leaves implicit
("This is higher than ...") is followed back one sentence, and no further.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.model import Word, union_bbox
from extractors.nlp import find_spans, match_spans, text_to_doc
from extractors.structure import Structure, TextLine
from extractors.text import clean, strip_bullet, text_to_number
from extractors.thresholds import VALUE_SIZE_RATIO
from schemas.records import HeadlineMetric, NarrativeStatistic

# A sentence that opens with one of these speaks of the sentence before.
_ANAPHORS = {"this", "it", "that", "these", "which"}
# Words that close the clause a figure sits in, for the `measure` text.
_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "–", "—"}
# A bare number after one of these words takes the sentence's stated rate unit:
# "The number of OCGs per 1 million population ... was 100."
_BARE_VALUE_CUES = {"was", "is", "were", "are", "of", "at", "to", "reached", "stood"}
_MIN_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class _Figure:
    value: float
    unit: str
    start: int  # token offsets in the paragraph
    end: int
    sentence: int
    subject: str = "force"
    change: str | None = None  # "increase" | "decrease" when the figure is a stated change


def _paragraphs(structure: Structure) -> list[list[TextLine]]:
    """Runs of body lines, broken at headings, list bullets and paragraph gaps.

    Footnotes and page furniture are skipped, so a paragraph runs on over a page break.
    """
    out: list[list[TextLine]] = []
    current: list[TextLine] = []
    figure_size = VALUE_SIZE_RATIO * structure.body_size
    for t in structure.lines:
        if t.role in ("footnote", "furniture"):
            continue
        # A line holding a figure in large type is the infographic's, never running prose,
        # even where captions and figures of panels side by side print as one line.
        if t.role != "body" or any(w.size >= figure_size for w in t.line.words):
            if current:
                out.append(current)
            current = []
            continue
        if current:
            prev = current[-1]
            gap = t.line.top - prev.line.bottom
            if strip_bullet(t.text)[0] or (t.page == prev.page and structure.parts_paragraphs(gap, t.line.size)):
                out.append(current)
                current = []
        current.append(t)
    if current:
        out.append(current)
    return out


def _paragraph_text(lines: list[TextLine], vocabulary: frozenset[str] = frozenset()) -> tuple[str, list[tuple[int, int, int, Word]]]:
    """The paragraph's text and, for every word, (start, end, page, word).

    A word hyphenated at a line end is joined back without a space, and without its hyphen
    where hyphenation put it there ("percent-" "age"), as `join_lines` decides.
    """
    from extractors.text import closes_up, hyphen_stays

    text = ""
    words: list[tuple[int, int, int, Word]] = []
    for t in lines:
        first = t.text.split(" ", 1)[0]
        if len(text) > 1 and text[-1] in "-\u00ad" and text[-2].isalpha() and first[:1].isalpha():
            head = text[:-1].rsplit(" ", 1)[-1]
            if text[-1] == "\u00ad" or not hyphen_stays(head, first, vocabulary):
                text = text[:-1]
                words = [(s, min(e, len(text)), page, w) for s, e, page, w in words]
        elif text.endswith(" -") and first[:1].islower() and closes_up(text[:-2].rstrip(), first, vocabulary):
            # A justified line's hyphen set off from its word ("slight in -" / "crease"), as
            # `join_lines` closes it up.
            text = text[:-2].rstrip()
            words = [(s, min(e, len(text)), page, w) for s, e, page, w in words]
        elif text:
            text += " "
        base = len(text)
        text += t.text
        words += [(base + s, base + e, t.page, w) for s, e, w in t.line.word_spans()]
    return text, words


def _rate_unit(tokens) -> str:
    """'per 10,000 adult females' from the tokens of a rate phrase."""
    words = [t.text for t in tokens]
    k = [w.lower() for w in words].index("per")
    return " ".join(words[k:])


def _is_sentence(sent) -> bool:
    text = sent.text.strip().rstrip(")\"'’”")
    words = [t for t in sent if t.is_alpha]
    return len(words) >= _MIN_SENTENCE_WORDS and text.endswith((".", ";", "!", "?"))


def structure_to_narrative_statistics(
    structure: Structure, force: str | None, metrics: list[HeadlineMetric] = ()
) -> list[NarrativeStatistic]:
    out: list[tuple[NarrativeStatistic, str]] = []
    texts: list[str] = []
    for lines in _paragraphs(structure):
        text, words = _paragraph_text(lines, structure.vocabulary)
        texts.append(text)
        if strip_bullet(lines[0].text)[0]:
            continue  # list items state recommendations, not statistics
        out += _paragraph_to_statistics(text, words)
    acronyms = text_to_acronyms(" ".join(texts))
    ignore = _content_words(force or "", {}) | _content_words("England and Wales force area", {})
    return [replace(s, infographic_metric=_restated_metric(s, context, metrics, acronyms, ignore)) for s, context in out]


# Share of an infographic label's words the prose sentence must contain to restate it.
_LABEL_OVERLAP = 0.75


def _restated_metric(stat: NarrativeStatistic, context: str, metrics, acronyms: dict[str, str], ignore: set[str]) -> str | None:
    """The infographic figure a prose figure restates: same unit and period, and the sentence uses the label's words.

    Only a clear best match counts: a figure that restates two labels equally well restates neither.
    """
    if stat.period is None:
        return None
    unit = "percent change" if stat.comparison in ("increase", "decrease") else stat.unit
    sentence_words = _content_words(context, acronyms)
    found = []
    for m in metrics:
        if m.unit != unit or m.period is None or period_key(m.period) != stat.period:
            continue
        label = _content_words(m.metric, acronyms) - ignore
        if label:
            found.append((len(label & sentence_words) / len(label), m.metric))
    found.sort(reverse=True)
    if not found or found[0][0] < _LABEL_OVERLAP or (len(found) > 1 and found[1][0] == found[0][0]):
        return None
    return found[0][1]


def _content_words(text: str, acronyms: dict[str, str]) -> set[str]:
    from extractors.nlp import nlp

    stop = nlp().Defaults.stop_words
    words: set[str] = set()
    for token in re.findall(r"[A-Za-z]+", text):
        expansion = acronyms.get(token) or acronyms.get(token.rstrip("s"))
        for w in (expansion.split() if expansion else [token]):
            w = w.lower()
            if w not in stop and len(w) > 1:
                words.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return words


_ACRONYM = re.compile(r"\(([A-Z]{2,6})(s?)\)")


def text_to_acronyms(text: str) -> dict[str, str]:
    """'organised crime groups (OCGs)' -> {'OCG': 'organised crime groups'}: the words whose initials spell it."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        letters = m.group(1)
        before = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[max(0, m.start() - 200) : m.start()])
        parts: list[str] = []
        for word in reversed(before):
            if word.lower() in ("and", "of", "the", "for"):
                if parts:
                    parts.insert(0, word)
                continue
            parts.insert(0, word)
            initials = "".join(p[0] for w in parts if w.lower() not in ("and", "of", "the", "for") for p in w.split("-"))
            if initials.upper() == letters:
                out.setdefault(letters, " ".join(parts))
                break
            if len(initials) >= len(letters):
                break
    return out


def _paragraph_to_statistics(text: str, words) -> list[tuple[NarrativeStatistic, str]]:
    """The paragraph's statistics, each with the text that says what it measures.

    That text is its sentence; for an England and Wales figure that a force
    figure is compared with, the force figure's sentence too.
    """
    if not any(c.isdigit() for c in text):
        # Every statistic is a figure written in digits (`text_to_number`): a paragraph with
        # none has none, and most paragraphs need no tokenizing or matching at all.
        return []
    doc = text_to_doc(text)
    sentences = [s for s in doc.sents]
    readable = {k for k, s in enumerate(sentences) if _is_sentence(s)}
    sentence_of = {}
    for k, s in enumerate(sentences):
        for i in range(s.start, s.end):
            sentence_of[i] = k
    matches = match_spans("statistics", doc)
    periods = [(doc.char_span(s, e, alignment_mode="expand"), text[s:e]) for _, s, e in find_spans("periods", text)]
    in_period = {i for span, _ in periods if span is not None for i in range(span.start, span.end)}

    figures: list[_Figure] = []
    taken: set[int] = set()
    for label, pattern_id, start, end in matches:
        if label != "FIGURE" or sentence_of[start] not in readable or start in in_period:
            continue
        value = text_to_number(doc[start].text)
        if value is None:
            continue
        unit = _rate_unit(doc[start:end]) if pattern_id == "rate" else pattern_id
        figures.append(_Figure(value, unit, start, end, sentence_of[start]))
        taken.update(range(start, end))
    # A bare value that a sentence's otherwise unused rate unit describes.
    for label, _, start, end in matches:
        if label != "RATE_UNIT" or start in taken or sentence_of[start] not in readable:
            continue
        sent = sentences[sentence_of[start]]
        for i in range(end, sent.end - 1):
            token = doc[i]
            if (i not in taken and i not in in_period and doc[i - 1].lower_ in _BARE_VALUE_CUES
                    and token.like_num and text_to_number(token.text) is not None):
                figures.append(_Figure(text_to_number(token.text), _rate_unit(doc[start:end]), i, i + 1, sentence_of[i]))
                taken.add(i)
                break
    figures.sort(key=lambda f: f.start)

    figures = [_with_subject(f, matches) for f in figures]
    figures = [_with_change(f, matches, doc) for f in figures]

    comparisons: dict[int, tuple[str, _Figure]] = {}  # force figure start -> (claim, England and Wales figure)
    for label, pattern_id, start, _ in matches:
        if label != "COMPARE" or sentence_of[start] not in readable:
            continue
        pair = _compared_pair(start, figures, sentence_of, sentences, doc)
        if pair is not None:
            force_figure, ew_figure = pair
            comparisons[force_figure.start] = (pattern_id, ew_figure)

    compared_by = {ew.start: force_figure for force_figure, (_, ew) in
                   ((next(g for g in figures if g.start == k), v) for k, v in comparisons.items())}
    changes: dict[int, tuple[_Figure | None, _Figure | None]] = {}
    for f in figures:
        if f.change:
            changes[f.start] = _change_from_to(f, figures, doc, sentences)

    out: list[tuple[NarrativeStatistic, str]] = []
    for f in figures:
        sent = sentences[f.sentence]
        char_start, char_end = doc[f.start].idx, doc[f.end - 1].idx + len(doc[f.end - 1].text)
        hit = [(page, w) for s, e, page, w in words if s < char_end and e > char_start]
        if not hit:
            continue
        page = hit[0][0]
        comparison, compared = comparisons.get(f.start, (None, None))
        period = _nearest_period(f, periods, sent)
        if period is None and f.start in compared_by:
            period = _nearest_period(compared_by[f.start], periods, sentences[compared_by[f.start].sentence])
        change_from, change_to = changes.get(f.start, (None, None))
        if change_from is not None:
            # "increased 21 percent from 83 ... at 1 July 2016": the dates belong to the two values.
            ends = [_nearest_period(g, periods, sentences[g.sentence]) for g in (change_from, change_to) if g]
            period = f"{ends[0]} against {ends[1]}" if len(ends) == 2 and all(ends) else None
        out.append(
            NarrativeStatistic(
                value=f.value,
                unit=f.unit,
                subject=f.subject,
                measure=_clause(doc, f, sent),
                period=period,
                comparison=f.change or comparison,
                compared_with=compared.value if compared else None,
                change_from=change_from.value if change_from else None,
                change_to=change_to.value if change_to else None,
                infographic_metric=None,
                sentence=clean(sent.text),
                page=page,
                bbox=union_bbox(w.bbox for p, w in hit if p == page),
            )
        )
        context = sent.text
        if f.start in compared_by:
            context += " " + sentences[compared_by[f.start].sentence].text
        out[-1] = (out[-1], context)
    return out


def _with_subject(f: _Figure, matches) -> _Figure:
    """England and Wales when a cue names it just before ("the England and Wales rate of") or after ("for England and Wales")."""
    for label, _, start, end in matches:
        if label == "EW_BEFORE" and 0 <= f.start - end <= 6:
            return _replace(f, subject="england_and_wales")
        if label == "EW_AFTER" and 0 <= start - f.end <= 2:
            return _replace(f, subject="england_and_wales")
    return f


def _with_change(f: _Figure, matches, doc) -> _Figure:
    """A figure right after "increased by", "an increase of", "a slight increase (" is a stated change."""
    for label, pattern_id, start, end in matches:
        if label == "CHANGE" and 0 <= f.start - end <= 1 and (f.start == end or doc[end].text in ("(", "a", "an")):
            return _replace(f, change=pattern_id)
    return f


def _replace(f: _Figure, **changes) -> _Figure:
    return replace(f, **changes)


def _opens_with_anaphor(sent) -> bool:
    return sent[0].lower_ in _ANAPHORS


def _compared_pair(cue: int, figures: list[_Figure], sentence_of, sentences, doc):
    """(force figure, England and Wales figure) that a comparison cue speaks of, or None."""
    k = sentence_of[cue]
    ew = [f for f in figures if f.sentence == k and f.subject == "england_and_wales"]
    if not ew:
        return None
    ew_figure = min(ew, key=lambda f: (f.start < cue, abs(f.start - cue)))  # prefer the one after the cue
    candidates = [f for f in figures if f.sentence == k and f.subject == "force" and not f.change and f.unit == ew_figure.unit]
    if not candidates and _opens_with_anaphor(sentences[k]) and k > 0:
        candidates = [f for f in figures if f.sentence == k - 1 and f.subject == "force" and not f.change
                      and f.unit == ew_figure.unit][-1:]
    if not candidates:
        return None
    return min(candidates, key=lambda f: abs(f.start - cue)), ew_figure


def _change_from_to(change: _Figure, figures: list[_Figure], doc, sentences) -> tuple[_Figure | None, _Figure | None]:
    """The values a stated change runs between: "from 83 ... to 100", the "to" value
    taken from the sentence before when this one opens "This has increased ..."."""
    sent = sentences[change.sentence]
    after = [f for f in figures if f.sentence == change.sentence and f.start >= change.end and not f.change]
    start_value = next((f for f in after if f.start > 0 and doc[f.start - 1].lower_ == "from"), None)
    if start_value is None:
        return None, None
    end_value = next((f for f in after if f.start > start_value.start and doc[f.start - 1].lower_ == "to"
                      and f.unit == start_value.unit), None)
    if end_value is None and _opens_with_anaphor(sent) and change.sentence > 0:
        before = [f for f in figures if f.sentence == change.sentence - 1 and not f.change
                  and f.subject == start_value.subject and f.unit == start_value.unit]
        end_value = before[-1] if before else None
    return start_value, end_value


def _nearest_period(f: _Figure, periods, sent) -> str | None:
    """The period the figure's sentence gives it.

    A period introduced by "since" or "compared to the" is the base of a change:
    a stated change reads "<base> against <period>" (the infographic's wording),
    any other figure ignores it.
    """
    inside = [(span, text) for span, text in periods if span is not None and sent.start <= span.start < sent.end]

    def nearest(candidates):
        span, text = min(candidates, key=lambda p: min(abs(p[0].start - f.end), abs(f.start - p[0].end)))
        return period_key(text)

    bases = [p for p in inside if _is_baseline(p[0])]
    current = [p for p in inside if not _is_baseline(p[0])]
    if f.change and bases:
        return f"{nearest(bases)} against {nearest(current)}" if current else f"since {nearest(bases)}"
    return nearest(current) if current else None


def _is_baseline(span) -> bool:
    before = [t.lower_ for t in span.doc[max(span.start - 3, 0) : span.start]]
    return span[0].lower_ == "since" or "since" in before or "compared" in before


def period_key(text: str) -> str:
    """'as at 1 July 2017' and 'at 1 July 2017' -> '1 July 2017', so prose and infographic periods compare."""
    return re.sub(r"^((in|since|as|at|on)\s+)+", "", text.strip(), flags=re.IGNORECASE)


def _clause(doc, f: _Figure, sent) -> str:
    """The clause the figure sits in: the words that say what it measures."""
    start = f.start
    while start > sent.start and doc[start - 1].text not in _CLAUSE_BREAKS:
        start -= 1
    end = f.end
    while end < sent.end and doc[end].text not in _CLAUSE_BREAKS:
        end += 1
    clause = doc[start:end]
    if sum(1 for t in clause if t.is_alpha) - (f.end - f.start) < 3:
        clause = sent  # "(22 per 10,000 population, ...)": the clause alone says too little
    return clean(clause.text).rstrip(".")
