"""Month words of a search, in English and Portuguese, and when a word is meant as a month."""

from __future__ import annotations

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "pt": ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
}
_MONTH_WORDS: dict[str, int] = {}
for _names in MONTHS.values():
    for _i, _n in enumerate(_names, 1):
        _MONTH_WORDS[_n] = _i
        _MONTH_WORDS.setdefault(_n[:3], _i)  # jan, feb, fev, abr, ago, set, out, dez...
_MONTH_WORDS["sept"] = 9
_AMBIGUOUS_MONTHS = {"may"}  # also an English word; short forms (3 letters) are ambiguous too


def month_terms(terms: list[str]) -> dict[str, int]:
    """term -> month, for the query words meant as a month: a full month name ("march",
    "março"), or a short or ambiguous one ("mar", "may", "set", "out") only beside a year
    ("mar 2019"). A word meant as a month matches other words only whole: "mar 2019" does not
    find a camera "Mark IV"; "mar" alone is just a word (the sea, in Portuguese)."""
    has_year = any(t.isdigit() and len(t) == 4 and 1800 <= int(t) <= 2200 for t in terms)
    out = {}
    for t in terms:
        month = _MONTH_WORDS.get(t)
        if month and ((len(t) > 3 and t not in _AMBIGUOUS_MONTHS) or has_year):
            out[t] = month
    return out
