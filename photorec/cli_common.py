"""What every sub-command shares: open the library, run, turn user errors into words."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from photorec.cli_words import arg, core_words, words
from photorec.core.store.display import display_text, escape_undecodable, json_safe
from photorec.i18n import plural, translate

EXIT_OK = 0
EXIT_ERROR = 1


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"photorec: {display_text(message)}", file=sys.stderr)
    return code


def dump_json(obj: Any, **kw: Any) -> str:
    """``json.dumps`` of ``obj`` with names that are not UTF-8 in their documented form
    (escaped text, and the exact bytes in base64 under ``<key>_bytes``: core.store.display)."""
    return json.dumps(json_safe(obj), **kw)


class TerminalStream:
    """A text stream whose writes are made safe for a terminal: ``display_text`` of them with
    photorec's own line breaks kept (``json`` only: just bytes that are not UTF-8, escaped, so
    the JSON stays exact). A second guard behind the calls to ``display_text``."""

    def __init__(self, stream, json_mode: bool = False) -> None:
        self._stream = stream
        self._json = json_mode

    def write(self, text: str) -> int:
        if self._json:
            safe = escape_undecodable(text)
        else:
            safe = display_text(text, keep_lines=True)
        return self._stream.write(safe)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_output(json_mode: bool = False) -> Iterator[None]:
    """stdout (human words, or JSON) and stderr (always words) through :class:`TerminalStream`
    while a command runs."""
    out, err = sys.stdout, sys.stderr
    if out is not None:
        sys.stdout = TerminalStream(out, json_mode)  # type: ignore[assignment]
    if err is not None:
        sys.stderr = TerminalStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def confirm(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        print(question + " " + translate("cli", "Pass --yes to confirm."), file=sys.stderr)
        return False
    return is_yes(input(question + " " + translate("cli", "[y/N]") + " "))


def is_yes(answer: str) -> bool:
    """y/yes, and the chosen language's own word for it (s/sim)."""
    a = answer.strip().lower()
    return a in ("y", "yes") or (a != "" and a in translate("cli", "y,yes").lower().split(","))


def open_library(args: argparse.Namespace, readonly: bool):
    from photorec.core.library import Library

    return Library.open(getattr(args, "data_dir", None), provider=getattr(args, "provider", None),
                        readonly=readonly)


def run_with_library(args: argparse.Namespace, readonly: bool, body: Callable,
                     or_readonly: bool = False) -> int:
    """Open the library, run ``body(lib)``, close it; user errors become words and exit 1.
    ``or_readonly``: when it cannot be opened for writing (a read-only disk), open it read-only
    instead (``body`` sees ``lib.readonly`` and says what it did not save)."""
    from photorec.core.embed.model import ModelError
    from photorec.core.library import LibraryError
    from photorec.core.organize.tags import TagError
    from photorec.core.store import CatalogError

    try:
        try:
            lib = open_library(args, readonly)
        except (LibraryError, CatalogError):
            if readonly or not or_readonly:
                raise
            lib = open_library(args, True)
    except (LibraryError, ModelError, CatalogError) as exc:
        hint = (translate("cli", "; run 'photorec index FOLDER' first")
                if readonly and exc.has("no_library") else "")
        return fail(f"{words(exc)}{hint}")
    try:
        return int(body(lib) or 0)
    except (LibraryError, TagError, ModelError, CatalogError, ValueError) as exc:
        return fail(words(exc))  # a ValueError is not core's: its own text
    except BrokenPipeError:  # `photorec similar ... | head`: the reader has enough
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except OSError as exc:
        return fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())
    finally:
        lib.close()


def _model(model):
    """The model whose bands apply: the library's, else the shipped one."""
    if model is not None:
        return model
    from photorec.core.embed.model import ModelError, load_model_info

    try:
        return load_model_info()
    except ModelError:
        return None


def matches_json(matches, model=None) -> list[dict]:
    """Results as JSON items: ``{"path", "score", "band"}`` (``score`` the raw cosine, ``band``
    the similarity band's key, null below the lowest band), plus ``"offline": true`` for photos
    whose folder is offline and ``"mirrored": true`` for a mirrored copy of the query."""
    from photorec.core.embed.similarity import band, bands

    model = _model(model)
    out = []
    for m in matches:
        b = band(m.score, model)
        if b is not None and b.key == "same" and getattr(m, "mirrored", False):
            b = bands(model)[1]  # a mirrored copy is at most a near-duplicate
        item = {"path": m.path, "score": round(m.score, 6), "band": b.key if b else None}
        if getattr(m, "mirrored", False):
            item["mirrored"] = True
        if m.offline:
            item["offline"] = True
        out.append(item)
    return out


def count_arg(text: str) -> int:
    """An argparse type for -k: a whole number of 1 or more, else a clear refusal."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(arg(translate("cli", "%1 is not a count: give a whole "
                                                              "number of 1 or more"), text))
    return n


def score_arg(text: str) -> float:
    """An argparse type for a similarity or a confidence, as the figures photorec shows:
    ``45``, ``45%`` and ``0.45`` all mean 45 %; a number over 1 is a percentage. Refused
    clearly when it is not a number from 0 to 100 %."""
    t = text.strip()
    pct = t.endswith("%")
    try:
        v = float(t[:-1].strip() if pct else t.replace(",", "."))
    except ValueError:
        v = float("nan")
    if pct or v > 1:
        v /= 100.0
    if not (0.0 <= v <= 1.0):  # NaN too
        raise argparse.ArgumentTypeError(arg(translate(
            "cli", "%1 is not a similarity: give a percentage from 0 to 100 (45, 45% and 0.45 "
                   "all mean 45%)"), text))
    return v


def add_floor_options(p: argparse.ArgumentParser) -> None:
    """--min and --all: which results are shown (``similar``, ``more-like``)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--min", type=score_arg, metavar="SCORE", dest="min_score",
                   help=translate("cli", "show only results at least SCORE alike (45, 45% or 0.45; "
                                         "default: the model's 'Similar' floor)"))
    g.add_argument("--all", action="store_true", dest="show_all",
                   help=translate("cli", "also show photos that are only loosely alike"))


def split_by_floor(matches, args: argparse.Namespace, model=None) -> tuple[list, list, float]:
    """(shown, held back, floor): by default only what the model's bands call similar is shown;
    a photo under the "Similar" floor is only loosely alike (``--all`` shows it)."""
    from photorec.core.embed.similarity import reaches, similar_floor

    if getattr(args, "show_all", False):
        floor = -1.0
    elif getattr(args, "min_score", None) is not None:
        floor = args.min_score
    else:
        floor = similar_floor(_model(model))
    # by the figure shown: a photo shown as 45 % reaches --min 45
    shown = [m for m in matches if reaches(m.score, floor)]
    return shown, [m for m in matches if not reaches(m.score, floor)], floor


def print_held_back(shown, held, model=None) -> None:
    """One line on what the floor held back, and how to see it."""
    from photorec.core.embed.similarity import describe, percent

    if not held:
        return
    best = held[0]
    if not shown:
        print("  " + arg(translate("cli", "(nothing similar: the closest is %1% alike, %2; --all "
                                          "shows it)"),
                         percent(best.score), core_words(describe(best.score, _model(model))).lower()))
    else:
        print("  " + arg(plural(len(held), translate("cli", "(%1 more photo under the floor: --all shows it)"),
                                translate("cli", "(%1 more photos under the floor: --all shows them)")),
                         len(held)))


def print_matches(matches, empty: str | None = None, model=None) -> None:
    """Results for people: similarity as a percentage and its band (picked on that figure,
    as the window does), best first."""
    from photorec.core.embed.similarity import describe, percent

    model = _model(model)
    if not matches:
        print("  " + (translate("cli", "(none)") if empty is None else empty))
    labels = [core_words(describe(m.score, model, mirrored=getattr(m, "mirrored", False)))
              for m in matches]
    width = max([14, *map(len, labels)])  # "Vagamente parecida" is longer than the English
    for m, label in zip(matches, labels):
        off = "  " + translate("cli", "[offline]") if m.offline else ""
        print(f"  {percent(m.score):3d}%  {label:<{width}}  {display_text(m.path)}{off}")
