"""Translations: Qt's .ts/.qm under photorec/resources/i18n, the language choice, and
translate() with and without a QApplication."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from photorec import i18n

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "photorec" / "resources" / "i18n"
TS = I18N / "photorec_pt_BR.ts"
TOOL = REPO / "tools" / "update_translations.py"
OWN_WIDGETS = ["photorec/gui/viewer.py", "photorec/gui/search_view.py"]


def messages(ts: Path) -> dict[tuple[str, str, str | None], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            out[(name, m.findtext("source"), m.findtext("comment"))] = m.find("translation")
    return out


def test_committed_qm_is_current_with_the_ts():
    """Every translation in the .ts comes out of the committed .qm (checked through Qt itself,
    so another lrelease version writing other bytes does not matter)."""
    from PySide6.QtCore import QTranslator

    t = QTranslator()
    data = (I18N / "photorec_pt_BR.qm").read_bytes()  # Qt does not copy it: keep it alive
    assert t.load(data)
    done = 0
    for (ctx, src, comment), tr in messages(TS).items():
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            continue
        assert t.translate(ctx, src, comment) == tr.text, (ctx, src)
        done += 1
    assert done > 30
    del data


def test_update_tool_check_mode_agrees():
    r = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_string_of_the_viewer_and_search_box_is_in_the_ts_and_translated(tmp_path):
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-locations", "none", *OWN_WIDGETS, "-ts", str(fresh)],
                   cwd=REPO, check=True, capture_output=True)
    wanted = set(messages(fresh))
    assert len(wanted) > 30
    committed = messages(TS)
    assert wanted - set(committed) == set(), "run python tools/update_translations.py"
    for key in wanted:
        tr = committed[key]
        assert tr.get("type") != "unfinished" and (tr.text or "").strip(), key


@pytest.mark.parametrize("tag, lang", [
    ("pt", "pt_BR"), ("pt-BR", "pt_BR"), ("pt_PT.UTF-8", "pt_BR"), ("en_GB", "en"),
    ("C", "en"), ("de_DE", None), ("", None),
])
def test_normalise(tag, lang):
    assert i18n.normalise(tag) == lang


def test_choose_language(monkeypatch):
    monkeypatch.delenv(i18n.ENV_LANG, raising=False)
    monkeypatch.setenv("LANGUAGE", "pt_BR:en")
    assert i18n.choose_language() == "pt_BR"
    monkeypatch.setenv("LANGUAGE", "de:fr")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert i18n.choose_language() == "en"  # no German: the English sources
    assert i18n.choose_language("pt") == "pt_BR"  # --lang wins
    monkeypatch.setenv(i18n.ENV_LANG, "pt_BR")
    assert i18n.choose_language() == "pt_BR"
    assert i18n.choose_language("en") == "en"
    assert i18n.choose_language("klingon") == "en"


def test_cli_translation_without_an_application():
    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from photorec import i18n\n"
        "assert QCoreApplication.instance() is None\n"
        "print(i18n.use_language('pt_BR'))\n"
        "print(i18n.translate('PhotoViewer', 'the file is gone (moved or deleted)'))\n"
        "print(i18n.translate('PhotoViewer', 'not in the catalog'))\n"
        "print(i18n.use_language('en'))\n"
        "print(i18n.translate('PhotoViewer', 'the file is gone (moved or deleted)'))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "pt_BR", "o arquivo sumiu (movido ou apagado)", "not in the catalog",
        "en", "the file is gone (moved or deleted)"]


def test_widgets_speak_portuguese_in_the_application(qtbot, qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from photorec.gui.search_view import SearchBox
    from photorec.gui.viewer import PhotoViewer

    try:
        assert i18n.use_language("pt_BR") == "pt_BR"
        assert len(i18n._translators) == 3  # photorec's, Qt's own qtbase, and its "&"-less fallback
        v = PhotoViewer()
        qtbot.addWidget(v)
        assert v.buttons["back"].text() == "Voltar"
        assert v.panel.fields["camera:label"].text() == "<b>Câmera</b>"
        box = SearchBox(lambda q: [])
        qtbot.addWidget(box)
        assert box.edit.placeholderText().startswith("Buscar:")
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(bb)
        assert bb.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
        assert i18n.translate("SearchBox", "%1 photos").replace("%1", "3") == "3 fotos"
    finally:
        i18n.use_language("en")
    v2 = PhotoViewer()
    qtbot.addWidget(v2)
    assert v2.buttons["back"].text() == "Back"
