"""The window in pt-BR (issue #12): every main screen rendered offscreen with the Portuguese
translation loaded, and no English left in what it shows.

What counts as English: a word of photorec's own English (the source texts of the .ts), or a
common English word, that Portuguese does not also use (the words of the translations are
taken out, so "a", "no", "de", "zoom" never count). File and folder names, paths and numbers
are the user's and are not looked at. A string left out of tr() shows up here as English.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from conftest import copy_photos
from PIL import Image
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from photorec import i18n
from photorec.gui.history import Query
from photorec.gui.window import MainWindow

REPO = Path(__file__).resolve().parents[1]
TS = REPO / "photorec" / "resources" / "i18n" / "photorec_pt_BR.ts"
TIMEOUT = 60_000  # ms; generous for slow machines, never a speed assertion

# Common English words that may come from anywhere (a string built outside tr(), core text).
COMMON_ENGLISH = set("""
the of and to in is are was not with for this that these those from by at or it its be you your
photo photos folder folders file files similar library found could read open cannot image images
show add remove move trash copy find more less like all none new up down left right back forward
help view quit about search tags tag themes theme duplicates problems name date taken size error
""".split())
# The same in both languages (names, units, keys); words of the translations are allowed too.
SAME_IN_BOTH = {"photorec", "jpeg", "jpg", "png", "heic", "exif", "iptc", "xmp", "json", "csv",
                "mb", "kb", "gb", "mp", "ctrl", "alt", "esc", "backspace", "min", "s", "h", "px"}

PATH_RE = re.compile(r"(?:[A-Za-z]:)?[/\\]\S+")
FILE_RE = re.compile(r"\S+\.(?:jpe?g|png|heic|tiff?|webp|gif|bmp|json|csv)\b", re.IGNORECASE)
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
TAG_RE = re.compile(r"<[^>]+>")


def _ts_words() -> tuple[set[str], set[str]]:
    english, portuguese = set(), set()
    for m in ET.parse(TS).getroot().iter("message"):
        english |= {w.lower() for w in WORD_RE.findall(TAG_RE.sub(" ", m.findtext("source") or ""))}
        t = m.find("translation")
        texts = [t.text or ""] + [n.text or "" for n in t.iter("numerusform")]
        for text in texts:
            portuguese |= {w.lower() for w in WORD_RE.findall(TAG_RE.sub(" ", text))}
    return english, portuguese


ENGLISH, PORTUGUESE = _ts_words()
DETECT = (ENGLISH | COMMON_ENGLISH) - PORTUGUESE - SAME_IN_BOTH


def english_words(text: str, own: set[str]) -> list[str]:
    """The English words in a text shown to the user, after taking out its paths, file names
    and the user's own names (``own``: folder and photo names, tags)."""
    text = TAG_RE.sub(" ", text.replace("&", ""))
    text = PATH_RE.sub(" ", text)
    text = FILE_RE.sub(" ", text)
    for name in sorted(own, key=len, reverse=True):
        text = text.replace(name, " ")
    return [w for w in WORD_RE.findall(text) if w.lower() in DETECT]


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a user can see or hover in ``root``'s visible widgets."""
    out: list[tuple[str, str]] = []

    def add(w, what, text):
        if text and text.strip():
            out.append((f"{type(w).__name__}.{what}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        add(w, "toolTip", w.toolTip())
        add(w, "accessibleName", w.accessibleName())
        if w.isWindow():
            add(w, "windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, "item", w.itemText(i))
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, "tab", w.tabText(i))
        elif isinstance(w, QTreeWidget):
            head = w.headerItem()
            for c in range(w.columnCount()):
                add(w, "header", head.text(c))
            for i in range(w.topLevelItemCount()):
                it = w.topLevelItem(i)
                for c in range(w.columnCount()):
                    add(w, "item", it.text(c))
                    add(w, "itemTip", it.toolTip(c))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, "item", w.item(i).text())
                add(w, "itemTip", w.item(i).toolTip())
        empty = getattr(w, "empty_text", None)
        if isinstance(empty, str):
            add(w, "empty_text", empty)
        for a in w.actions():
            add(a, "text", a.text())
            add(a, "statusTip", a.statusTip())
            if a.menu() is not None:
                out.extend(menu_texts(a.menu()))
    return out


def menu_texts(menu: QMenu) -> list[tuple[str, str]]:
    out = [("QMenu.title", menu.title())] if menu.title() else []
    for a in menu.actions():
        if a.text():
            out.append(("QAction.text", a.text()))
        if a.statusTip():
            out.append(("QAction.statusTip", a.statusTip()))
        if a.menu() is not None:
            out.extend(menu_texts(a.menu()))
    return out


def model_texts(view) -> list[tuple[str, str]]:
    from PySide6.QtCore import Qt

    m = view.model()
    out = []
    for r in range(min(m.rowCount(), 8)):
        idx = m.index(r, 0)
        for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = m.data(idx, role)
            if text:
                out.append((f"{type(m).__name__}.{role.name}", text))
    return out


def leftovers(texts: list[tuple[str, str]], own: set[str]) -> list[tuple[str, str, list[str]]]:
    return [(where, text, words) for where, text in texts if (words := english_words(text, own))]


# -- the library ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pt_library(tmp_path_factory):
    """13 photos, a smaller copy of one (a duplicate) and a damaged file (a problem), indexed
    once; tests copy the data dir."""
    from photorec.core.library import Library

    root = tmp_path_factory.mktemp("i18n-lib")
    folder = root / "Fotos"
    photos = copy_photos(folder, n=13, step=6)
    original = photos[0]
    twin = folder / f"{original.stem}-small.jpg"
    with Image.open(original) as im:
        im = im.convert("RGB")
        im.resize((im.width * 2 // 3, im.height * 2 // 3)).save(twin, quality=80)
    (folder / "damaged.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with Library.open(root / "data") as lib:
        lib.index_folders([folder])
    return root, folder, [*photos, twin], original


@pytest.fixture
def portuguese(qapp):
    assert i18n.use_language("pt_BR", qapp) == "pt_BR"
    yield
    i18n.use_language("en", qapp)


@pytest.fixture
def window(qtbot, portuguese):
    made: list[MainWindow] = []

    def make(data_dir) -> MainWindow:
        w = MainWindow(data_dir, auto_rescan=False)
        w.confirm = lambda *a: True
        w.resize(1280, 800)
        w.show()
        w.start()
        made.append(w)
        qtbot.waitUntil(lambda: w.is_ready, timeout=TIMEOUT)
        return w

    yield make
    for w in made:
        w.close()


def own_names(folder: Path, photos: list[Path]) -> set[str]:
    names = {folder.name, "damaged.jpg"}
    for p in photos:
        names |= {p.name, p.stem}
    return names


def assert_portuguese(texts, own, screen: str) -> None:
    assert texts, f"{screen}: nothing collected"
    bad = leftovers(texts, own)
    assert not bad, f"English left on the {screen} screen:\n" + "\n".join(
        f"  {where}: {text!r} ({', '.join(words)})" for where, text, words in bad)


# -- the detector itself ----------------------------------------------------------------------


def test_the_detector_finds_english_and_passes_portuguese():
    own = {"IMG_0001"}
    assert english_words("Add folder…", own)
    assert english_words("3 photos in 1 folder", own)
    assert english_words("Could not read /tmp/x/IMG_0001.jpg", own) == ["Could", "not", "read"]
    assert not english_words("Adicionar pasta…", own)
    assert not english_words("Não foi possível ler /tmp/pytest-of-root/Photos/IMG_0001.jpg", own)
    assert not english_words("IMG_0001 · 1200×800 · 2,1 MB", own)
    assert not english_words("Similar to {name}".replace("Similar to ", "Semelhantes a "), own)


def test_reasons_from_core_are_shown_translated(qapp, portuguese):
    from photorec.core.errors import Reason
    from photorec.gui.problems import local_reason

    assert local_reason(Reason("empty_file")) == "arquivo vazio (0 bytes)"
    assert local_reason(Reason("too_many_pixels", width=30000, height=20000, limit=400)) == (
        "imagem grande demais: 30000x20000 pixels passa do limite de 400 MP")
    # as a 0.2 catalog stored them: English words, read back as codes
    assert local_reason(Reason.from_stored("image too large: 30000x20000 pixels is over the 400 MP "
                                      "limit")) == (
        "imagem grande demais: 30000x20000 pixels passa do limite de 400 MP")
    assert local_reason(Reason.from_stored("something core has not said before")) == (
        "something core has not said before")
    assert local_reason(None) == "desconhecido"


def test_the_window_says_core_errors_by_their_code(qapp, portuguese):
    """What the window shows for a failed job (service, pages) goes through the one table."""
    from photorec.core.errors import DiskFull, LibraryError, NoLibrary
    from photorec.gui.tasks import words

    assert words(DiskFull(3)) == "disco cheio: 3 fotos salvas, rode de novo quando houver espaço"
    assert words(LibraryError("choose_a_photo")) == (
        "escolha pelo menos uma foto para buscar mais parecidas com ela")
    assert words(LibraryError("data_folder", path="/d", cause=NoLibrary("/d").reason)) == (
        "não foi possível usar a pasta de dados /d: nenhuma biblioteca em /d (nada indexado ainda)")
    assert words(OSError("the system's own words")) == "the system's own words"


def test_theme_names_from_core_are_shown_translated(qapp, portuguese):
    from photorec.gui.themes_view import local_dates

    assert local_dates("Theme 5 · December 2026") == "Tema 5 · dezembro 2026"
    assert local_dates("mostly Holidays · Jun–Aug 2020") == "principalmente Holidays · jun–ago 2020"
    assert local_dates("praia, mar · 2019–2021") == "praia, mar · 2019–2021"


# -- the screens ------------------------------------------------------------------------------


def test_welcome_screen_and_menus_in_portuguese(qtbot, window, tmp_path):
    win = window(tmp_path / "data")
    assert win.stack.currentWidget() is win.welcome_page
    texts = widget_texts(win) + menu_texts(win.menuBar().actions()[0].menu())
    for a in win.menuBar().actions():
        texts.append(("menu", a.text()))
        texts.extend(menu_texts(a.menu()))
    assert ("menu", "&Arquivo") in texts
    assert_portuguese(texts, set(), "welcome")


def test_library_similar_and_problems_screens_in_portuguese(qtbot, window, pt_library, tmp_path):
    root, folder, photos, original = pt_library
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    own = own_names(folder, photos)
    win = window(data)

    # the library grid
    assert win.stack.currentWidget() is win.library_page
    qtbot.waitUntil(lambda: win.library_page.model.rowCount() > 0, timeout=TIMEOUT)
    win._update_summary()
    texts = widget_texts(win) + model_texts(win.library_page.view)
    for a in win.menuBar().actions():
        texts.extend(menu_texts(a.menu()))
    model = win.library_page.model
    for ps in ([model.photo(0)], [model.photo(0), model.photo(1)]):
        texts.extend(menu_texts(win.photos.build_photo_menu(ps)))
    assert any(text.startswith("Todas as fotos") for _, text in texts)
    assert_portuguese(texts, own, "library")

    # the similar panel with results
    win.nav.find_similar(Query.for_path(str(original)))
    page = win.similar_page
    qtbot.waitUntil(lambda: not page.pending and page.result is not None, timeout=TIMEOUT)
    assert page.model.rowCount() > 0
    assert win.stack.currentWidget() is page
    texts = widget_texts(win) + model_texts(page.view)
    texts += [("band", page.describe(s)) for s in (1.0, 0.9, 0.7, 0.5, 0.1)]
    assert_portuguese(texts, own, "similar photos")

    # the problems page (the damaged file)
    qtbot.waitUntil(lambda: win.menus.act_problems.isEnabled(), timeout=TIMEOUT)
    win.menus.act_problems.trigger()
    assert win.stack.currentWidget() is win.problems_page
    texts = widget_texts(win.problems_page)
    tree = win.problems_page.tree
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).text(0) == "damaged.jpg"
    assert_portuguese(texts, own, "problems")  # the reason too (core's words, translated)


def test_duplicates_themes_and_tags_screens_in_portuguese(qtbot, window, pt_library, tmp_path):
    root, folder, photos, original = pt_library
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    own = own_names(folder, photos)
    win = window(data)

    dup = win.views.view("duplicates")
    with qtbot.waitSignal(dup.groups_changed, timeout=TIMEOUT):
        win.sidebar.select("duplicates")
    assert win.stack.currentWidget() is dup and dup.cards
    qtbot.wait(50)
    texts = widget_texts(dup)
    assert any(t.startswith("Sugestão: ") for _, t in texts)  # core's reasons, phrase by phrase
    assert_portuguese(texts, own, "duplicates")

    themes = win.views.view("themes")
    with qtbot.waitSignal(themes.themes_changed, timeout=TIMEOUT):
        win.sidebar.select("themes")
    assert win.stack.currentWidget() is themes
    assert_portuguese(widget_texts(themes), own | theme_names(themes), "themes")

    tags = win.views.view("tags")
    win.sidebar.select("tags")
    assert win.stack.currentWidget() is tags
    qtbot.wait(50)
    assert_portuguese(widget_texts(tags), own, "tags")


def theme_names(view) -> set[str]:
    """The user's words in theme names: their tags and folder names (what the model sees
    comes in the window's language, and the dates are checked)."""
    ts = view.theme_set
    names = set()
    for t in ts.themes if ts is not None else []:
        if t.name is not None:
            names |= set(t.name.tags) | ({t.name.folder} if t.name.folder else set())
    return names


# -- the .ts covers the window ----------------------------------------------------------------


def _messages(ts: Path) -> dict[tuple[str, str, str | None], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            out[(ctx.findtext("name"), m.findtext("source"), m.findtext("comment"))] = m
    return out


def test_every_string_of_the_window_is_in_the_ts_and_translated(tmp_path):
    import subprocess
    import sys

    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "photorec" / "gui").glob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)],
                   cwd=REPO, check=True, capture_output=True)
    wanted = _messages(fresh)
    assert len(wanted) > 400
    committed = _messages(TS)
    assert set(wanted) - set(committed) == set(), "run python tools/update_translations.py"
    for key in wanted:
        m = committed[key]
        t = m.find("translation")
        forms = [n.text for n in t.iter("numerusform")] if m.get("numerus") == "yes" else [t.text]
        assert t.get("type") != "unfinished" and all((f or "").strip() for f in forms), key
        for ph in re.findall(r"%\d|%n|\{[a-z0-9]*(?::[^}]*)?\}", key[1]):
            assert all(ph in f for f in forms), (key, ph)  # a lost placeholder drops a value
        if "&" in key[1].replace("&&", "") and m.get("numerus") != "yes":
            assert "&" in forms[0], key  # the keyboard accelerator is kept


def test_plurals_and_numbers_read_right_in_both_languages(qtbot, qapp):
    from photorec.gui.duplicates_cards import _count_text
    from photorec.gui.organize_common import human_size
    from photorec.gui.progress import duration
    from photorec.gui.sidebar import _count

    assert i18n.use_language("en", qapp) == "en"
    assert _count_text(1, 1) == "1 group · 1 photo could go"
    assert _count_text(2, 3) == "2 groups · 3 photos could go"
    assert duration(200) == "about 3 min"
    assert human_size(1_500_000) == "1.5 MB" and _count(12345) == "12,345"
    try:
        i18n.use_language("pt_BR", qapp)
        assert _count_text(1, 1) == "1 grupo · 1 foto pode sair"
        assert _count_text(2, 3) == "2 grupos · 3 fotos podem sair"
        assert duration(200) == "cerca de 3 min"
        assert human_size(1_500_000) == "1,5 MB" and _count(12345) == "12.345"  # Brazilian numbers
    finally:
        i18n.use_language("en", qapp)
