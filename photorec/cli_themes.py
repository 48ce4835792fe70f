"""Command-line side of visual themes (issue #5), split from cli_organize.py:

    photorec [--data-dir DIR] themes [-k K] [--seed S] [--recompute] [--members] [--json]

(the parser is registered in cli_organize.register; the JSON shape is described there)."""

from __future__ import annotations

import argparse
import re
import sys

from photorec.cli_common import EXIT_OK, display_text, dump_json
from photorec.cli_common import fail as _fail
from photorec.cli_common import run_with_library as _run
from photorec.cli_words import arg
from photorec.i18n import plural, translate


def cmd_themes(args: argparse.Namespace) -> int:
    from photorec.core.organize import themes as th


    def stored(lib):
        if args.recompute:
            return None
        ts = th.load_themes(lib)
        if ts is not None and ((args.k is not None and ts.k != args.k)
                               or (args.seed is not None and ts.seed != args.seed)):
            return None
        return ts

    def body(lib):
        ts = stored(lib)
        if ts is None:
            try:
                ts = th.compute_themes(lib, args.k, seed=args.seed or 0, store=not lib.readonly)
            except th.ThemeCountError as exc:
                return _fail(arg(plural(exc.photos, translate(
                    "cli", "-k %1: %2 photo cannot fill that many themes; at most %3 (about "
                           "%4 photos a theme)"), translate(
                    "cli", "-k %1: %2 photos cannot fill that many themes; at most %3 (about "
                           "%4 photos a theme)")), exc.k, exc.photos, exc.most, th.MIN_PER_THEME))
            text = (plural(ts.n, translate("cli", "Clustered %1 photo into %2 (k picked automatically) in %3 s."),
                           translate("cli", "Clustered %1 photos into %2 (k picked automatically) in %3 s."))
                    if ts.auto else
                    plural(ts.n, translate("cli", "Clustered %1 photo into %2 in %3 s."),
                           translate("cli", "Clustered %1 photos into %2 in %3 s.")))
            themes = arg(plural(ts.k, translate("cli", "%1 theme"), translate("cli", "%1 themes")), ts.k)
            print(arg(text, ts.n, themes, f"{ts.seconds:.1f}"), file=sys.stderr)
            if lib.readonly:
                print(translate("cli", "(the library is read-only: these themes were not saved; "
                                       "they are computed again next time)"), file=sys.stderr)
        elif ts.stale:
            print(arg(plural(ts.added, translate("cli", "(%1 photo was added since these themes were made; "
                                                        "--recompute to cluster again)"),
                             translate("cli", "(%1 photos were added since these themes were made; "
                                              "--recompute to cluster again)")), ts.added),
                  file=sys.stderr)
        for t in ts.themes:
            if args.json:
                d = {"id": t.id, "label": t.label, "size": t.size,
                     "central": [p.path for p in t.central], "k": ts.k, "auto": ts.auto}
                if t.name is not None:  # what the label is made of
                    d.update(tags=t.name.tags, classes=t.name.classes, dates=t.name.dates,
                             colour=t.name.colour)
                if args.members:
                    d["paths"] = [p.path for p in th.theme_photos(lib, ts, t.id)]
                print(dump_json(d, ensure_ascii=False))
            else:
                print(f"{t.id + 1:3d}. " + arg(plural(t.size, translate("cli", "%1: %2 photo"),
                                                      translate("cli", "%1: %2 photos")),
                                               _theme_label(t), t.size))
                shown = th.theme_photos(lib, ts, t.id) if args.members else t.central
                for p in shown:
                    print(f"       {display_text(p.path)}")
        return EXIT_OK

    # Read-only when the stored themes will do (the window may be indexing); read-write to
    # cluster again and store the result.
    from photorec.core.library import Library

    try:
        probe = Library.open(getattr(args, "data_dir", None), readonly=True)
        try:
            ready = stored(probe) is not None
        finally:
            probe.close()
    except Exception:  # _run below reports what is wrong, in words
        ready = False
    return _run(args, ready, body, or_readonly=True)


def _theme_label(t) -> str:
    """A theme's name (core.theme_names: "dog, beach · Jun–Aug 2020", "Theme 3", "mostly
    Trip") in the chosen language: the model's class words, "Theme", "mostly" and the months;
    the user's tags stay as they are."""
    from photorec import i18n
    from photorec.core.organize.theme_names import MONTH_NAMES, MONTHS, SEP

    n = t.name
    if n is None or i18n.language() == i18n.SOURCE_LANGUAGE:
        return t.label
    head, suffix = n.head, ""
    m = re.fullmatch(r"(.*?)( \(\d+\))", head)  # a repeated name's number
    if m:
        head, suffix = m.groups()
    if re.fullmatch(r"Theme \d+", head):
        head = arg(translate("cli", "Theme %1"), head.split()[1])
    elif n.folder is not None and head == f"mostly {n.folder}":  # a comparison, not output
        head = arg(translate("cli", "mostly %1"), n.folder)
    elif n.colour is not None and head == n.colour:
        from photorec.core.organize.theme_names import colour_phrase

        head = colour_phrase(n.colour, i18n.language())
    elif head == ", ".join(n.tags + n.classes):
        head = ", ".join(n.tags + [_class_word(c) for c in n.classes])
    dates = n.dates
    if dates:
        full = translate("cli", "January,February,March,April,May,June,July,August,September,"
                                "October,November,December").split(",")
        short = translate("cli", "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec").split(",")
        if len(full) == 12 and len(short) == 12:
            words = {**dict(zip(MONTHS, short)), **dict(zip(MONTH_NAMES, full))}
            dates = re.sub(r"[A-Z][a-z]+", lambda w: words.get(w.group(0), w.group(0)), dates)
    return head + suffix + (SEP + dates if dates else "")


def _class_word(word: str) -> str:
    """An English class name or broader word of the model in the chosen language."""
    from photorec import i18n
    from photorec.core.embed import classes

    try:
        doc = classes._names()
    except Exception:  # no class names: the English word will do
        return word
    lang = i18n.language()
    key = word.casefold()
    for c in doc["categories"].values():
        if key in (w.casefold() for w in c.get("en", [])) and c.get(lang):
            return c[lang][0]
    for c in doc["classes"]:
        if c.get("en", "").casefold() == key and c.get(lang):
            return c[lang]
    return word
