"""Counts read right in English and in Brazilian Portuguese at 0, 1 and 2: "1 problem:",
"2 problems:", "1 problema:", "0 fotos" (the singular is for exactly one in both languages,
``i18n.plural``), on the command line (a real run, and the index report's pieces) and in the
window (the similar-photos panel's status and the end-of-indexing message)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from types import SimpleNamespace

import pytest
from PIL import Image

from photorec import i18n
from tests.conftest import REPO, copy_photos


def test_plural_is_the_singular_for_exactly_one():
    assert [i18n.plural(n, "one", "other") for n in (0, 1, 2, 11, 21, -1)] == [
        "other", "one", "other", "other", "other", "other"]


# -- the command line --------------------------------------------------------------------------


def _cli(lang: str, *argv) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "PHOTOREC_LANG")}
    env["LANG"] = "C.UTF-8"
    r = subprocess.run([sys.executable, "-m", "photorec", "--lang", lang, *map(str, argv)],
                       env=env, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return r.stdout + r.stderr


# (good photos, unreadable files) -> what index and status say, in English and in pt-BR
CASES = {
    (0, 1): {"en": ["0 new, 0 updated, 0 unchanged, 0 moved, 0 removed, 1 failed.", "\n1 problem:\n",
                    "Photos: 0 indexed, 1 failed;", "]  0 photos, 1 failed"],
             "pt_BR": ["0 novas, 0 atualizadas, 0 sem mudança, 0 movidas, 0 removidas, 1 com falha.",
                       "\n1 problema:\n", "Fotos: 0 indexadas, 1 com falha;", "]  0 fotos, 1 com falha"]},
    (1, 2): {"en": ["1 new, 0 updated, 0 unchanged, 0 moved, 0 removed, 2 failed.", "\n2 problems:\n",
                    "\n1 photo embedded (", "Photos: 1 indexed, 2 failed;", "]  1 photo, 2 failed"],
             "pt_BR": ["1 nova, 0 atualizadas, 0 sem mudança, 0 movidas, 0 removidas, 2 com falha.",
                       "\n2 problemas:\n", "\n1 foto analisada pelo modelo (", "Fotos: 1 indexada, 2 com falha;",
                       "]  1 foto, 2 com falha"]},
    (2, 1): {"en": ["2 new, 0 updated", "\n1 problem:\n", "\n2 photos embedded (", "Photos: 2 indexed, 1 failed;",
                    "]  2 photos, 1 failed", "1 group of duplicates (threshold", "; 1 photo could go."],
             "pt_BR": ["2 novas, 0 atualizadas", "\n1 problema:\n", "\n2 fotos analisadas pelo modelo (",
                       "Fotos: 2 indexadas, 1 com falha;", "]  2 fotos, 1 com falha",
                       "1 grupo de duplicatas (limiar", "; 1 foto pode sair."]},
}


@pytest.mark.slow
@pytest.mark.parametrize("good, bad", sorted(CASES))
def test_the_command_line_counts_read_right(tmp_path, good, bad):
    folder = tmp_path / "photos"
    folder.mkdir()
    if good:
        photos = copy_photos(folder, n=1 if good == 2 else good, step=17)
    if good == 2:  # the second is a smaller copy of the first: one group of duplicates
        with Image.open(photos[0]) as im:
            im.reduce(2).save(folder / "copy_small.jpg", quality=70)
    for i in range(bad):
        (folder / f"broken{i}.jpg").write_bytes(b"this is not an image at all" * (i + 1))
    for lang, wanted in CASES[good, bad].items():
        data = tmp_path / f"data-{lang}"
        out = "".join(_cli(lang, "--data-dir", data, *cmd) for cmd in (["index", folder], ["status"], ["duplicates"]))
        for text in wanted:
            assert text in out, (lang, text, out)
        assert "(s)" not in out and "(ões)" not in out, out
        if good == 0:
            assert "embedded" not in out and "analisada" not in out


@pytest.fixture
def speaking(qapp):
    """use_language(lang) for one test (the CLI's catalog works with or without the
    application); English again afterwards."""
    def use(lang):
        assert i18n.use_language(lang, qapp) == lang

    yield use
    i18n.use_language("en", qapp)


def _report(n: int, **kw):
    fields = dict(seconds=1.0, embedded=0, offline=[], errors=[], new=n, updated=n, unchanged=n,
                  moved=n, removed=n, failed=n, cancelled=False)
    fields.update(kw)
    return SimpleNamespace(**fields)


REPORT = {  # print_report's summary and problem count, at 0, 1 and 2
    "en": {0: "0 new, 0 updated, 0 unchanged, 0 moved, 0 removed, 0 failed",
           1: "1 new, 1 updated, 1 unchanged, 1 moved, 1 removed, 1 failed",
           2: "2 new, 2 updated, 2 unchanged, 2 moved, 2 removed, 2 failed"},
    "pt_BR": {0: "0 novas, 0 atualizadas, 0 sem mudança, 0 movidas, 0 removidas, 0 com falha",
              1: "1 nova, 1 atualizada, 1 sem mudança, 1 movida, 1 removida, 1 com falha",
              2: "2 novas, 2 atualizadas, 2 sem mudança, 2 movidas, 2 removidas, 2 com falha"},
}
PROBLEMS = {"en": {1: "1 problem:", 2: "2 problems:"}, "pt_BR": {1: "1 problema:", 2: "2 problemas:"}}
EMBEDDED = {"en": {1: "1 photo embedded (", 2: "2 photos embedded ("},
            "pt_BR": {1: "1 foto analisada pelo modelo (", 2: "2 fotos analisadas pelo modelo ("}}


@pytest.mark.parametrize("lang", ["en", "pt_BR"])
def test_the_index_report_in_both_languages(speaking, lang):
    from photorec.cli_index import print_report

    speaking(lang)
    for n in (0, 1, 2):
        buf = io.StringIO()
        with redirect_stdout(buf):
            print_report(_report(n, embedded=n, errors=[(f"/x/{i}.jpg", "empty file (0 bytes)")
                                                        for i in range(n)]))
        out = buf.getvalue()
        assert REPORT[lang][n] in out, out
        if n:
            assert PROBLEMS[lang][n] in out.splitlines(), out
            assert EMBEDDED[lang][n] in out, out
        else:  # nothing embedded, no problems: neither line
            assert not re.search(r"problem|embedded|analisada", out), out


# -- the window --------------------------------------------------------------------------------


class _Photo:
    def __init__(self, i: int):
        self.id, self.folder_id, self.path, self.name = i, 1, f"/p/img{i}.jpg", f"img{i}.jpg"
        self.size, self.mtime_ns, self.ckey, self.status, self.error = 1, 0, f"k{i}", "ok", None
        self.width = self.height = None
        self.taken, self.online = 0.0, True

    @property
    def date(self):
        return self.taken


SIMILAR = {  # the similar panel's status at 1 and 2 results, 1 and 2 photos indexed so far
    "en": {1: ("1 photo: ", " · still indexing, compared with the 1 photo indexed so far"),
           2: ("2 photos, best first: ", " · still indexing, compared with the 2 photos indexed so far")},
    "pt_BR": {1: ("1 foto: ", " · ainda indexando, comparada com a 1 foto indexada até agora"),
              2: ("2 fotos, as melhores primeiro: ",
                  " · ainda indexando, comparada com as 2 fotos indexadas até agora")},
}


@pytest.mark.parametrize("lang", ["en", "pt_BR"])
def test_the_similar_panel_counts_in_both_languages(qtbot, speaking, lang):
    from photorec.gui.history import Query
    from photorec.gui.queries import SimilarResult
    from photorec.gui.similar import SimilarPanel
    from photorec.gui.thumbs import ThumbnailLoader

    speaking(lang)
    panel = SimilarPanel(ThumbnailLoader(threads=1))
    qtbot.addWidget(panel)
    for n in (1, 2):
        matches = [(_Photo(i), 0.9 - i / 10) for i in range(n)]
        panel.show_result(SimilarResult(query=Query.for_path("/p/query.jpg"), matches=matches, searched=n,
                                        k=20), indexing=True)
        start, tail = SIMILAR[lang][n]
        text = panel.status.text()
        assert text.startswith(start) and text.endswith(tail), text
    panel.show_result(SimilarResult(query=Query.for_paths(["/p/a.jpg", "/p/b.jpg"]), matches=[], searched=5))
    assert panel.title.text() == {"en": "More like these 2 photos", "pt_BR": "Mais como estas 2 fotos"}[lang]


FINISHED = {  # the status bar once indexing is done: 1 and 2 of each
    "en": {1: "Library up to date: 1 new, 1 updated, 1 moved, 1 removed · 1 could not be read (see Problems)",
           2: "Library up to date: 2 new, 2 updated, 2 moved, 2 removed · 2 could not be read (see Problems)"},
    "pt_BR": {1: "1 nova, 1 atualizada, 1 movida, 1 removida · 1 não pôde ser lida (veja Problemas)",
              2: "2 novas, 2 atualizadas, 2 movidas, 2 removidas · 2 não puderam ser lidas (veja Problemas)"},
}


@pytest.mark.parametrize("lang", ["en", "pt_BR"])
def test_the_end_of_indexing_message_in_both_languages(speaking, lang):
    from photorec.gui.folder_actions import FolderController

    speaking(lang)
    shown: list[str] = []
    controller = SimpleNamespace(progress=SimpleNamespace(finish=lambda: None),
                                 actions_changed=SimpleNamespace(emit=lambda: None),
                                 library_page=SimpleNamespace(update_count=lambda: None),
                                 message=SimpleNamespace(emit=lambda text, ms: shown.append(text)))
    for n in (1, 2):
        FolderController._on_index_finished(controller, _report(n))
        assert shown[-1].endswith(FINISHED[lang][n]), shown[-1]


# -- one mechanism -----------------------------------------------------------------------------


@pytest.mark.parametrize("catalog", ["photorec_pt_BR.ts", "photorec_cli_pt_BR.ts"])
def test_no_count_is_left_to_qt_numerus_forms_or_to_s(catalog):
    """Counts go through i18n.plural: no "%n" numerus entry (English has no catalog, so it
    would read "1 photos"; Qt's pt_BR rule says "0 foto") and no "photo(s)" in any source."""
    import xml.etree.ElementTree as ET

    root = ET.parse(REPO / "photorec" / "resources" / "i18n" / catalog).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 300
    assert [m.findtext("source") for m in messages if m.get("numerus") == "yes"] == []
    assert [m.findtext("source") for m in messages if re.search(r"\w\(s\)|%n", m.findtext("source"))] == []
    for m in messages:  # the pairs told apart by disambiguation are both there, both translated
        if m.findtext("comment") in ("one", "other"):
            twin = "other" if m.findtext("comment") == "one" else "one"
            assert any(o.findtext("source") == m.findtext("source") and o.findtext("comment") == twin
                       for o in messages), m.findtext("source")


@pytest.mark.parametrize("lang, one, two", [
    ("en", "trained on 6 photos (3 independent: near-duplicates and similar shots count once), "
           "1 tag:", "trained on 6 photos (3 independent: near-duplicates and similar shots count "
                     "once), 2 tags:"),
    ("pt_BR", "treinado com 6 fotos (3 independentes: quase duplicatas e fotos parecidas contam "
              "uma vez), 1 tag:", "treinado com 6 fotos (3 independentes: quase duplicatas e "
                                  "fotos parecidas contam uma vez), 2 tags:")])
def test_the_tag_classifier_counts_its_tags(speaking, lang, one, two):
    from photorec.cli_organize import _describe

    speaking(lang)
    model = SimpleNamespace(accuracy=None, n_train=6, tags=["river"], independent=3)
    assert _describe(model).startswith(one)
    model.tags = ["river", "sea"]
    assert _describe(model).startswith(two)
