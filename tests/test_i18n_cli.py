"""The command line in Brazilian Portuguese: ``--lang pt_BR`` and the system locale
(LANG=pt_BR.UTF-8), its own catalog photorec_cli_pt_BR.ts/.qm, core error texts translated at
the CLI boundary, and English exactly as before."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO, copy_photos

I18N = REPO / "photorec" / "resources" / "i18n"
TS = I18N / "photorec_cli_pt_BR.ts"
QM = I18N / "photorec_cli_pt_BR.qm"
CLI_FILES = ["photorec/cli.py", "photorec/cli_common.py", "photorec/cli_index.py",
             "photorec/cli_organize.py", "photorec/cli_themes.py",
             "photorec/cli_repair.py", "photorec/cli_search.py", "photorec/cli_words.py",
             "photorec/cli_people.py", "photorec/cli_progress.py", "photorec/integration/cli.py",
             "photorec/core/errors/words.py"]
COMMANDS = {"index", "similar", "status", "problems", "remove", "relocate", "purge-offline",
            "integrate", "duplicates", "themes", "tags", "more-like", "repair", "search",
            "metadata", "write-sidecars", "people"}

# Common English words that are not Portuguese words: one of them left in the output is an
# untranslated sentence. ("a", "no", "tags", "offline", "similar" are Portuguese too.)
ENGLISH = {
    "the", "and", "of", "to", "is", "are", "not", "with", "for", "from", "in", "none", "found",
    "photos", "photo", "folder", "folders", "file", "files", "library", "indexed", "failed",
    "new", "updated", "unchanged", "moved", "removed", "keep", "error", "usage", "options",
    "positional", "arguments", "show", "help", "message", "exit", "did", "you", "mean",
    "command", "commands", "does", "exist", "this", "that", "or", "be", "it", "its", "what",
    "how", "many", "default", "line", "per", "query", "add", "forget", "images", "image",
    "window", "group", "groups", "threshold", "could", "go", "expected", "argument", "one",
    "such", "like", "than", "largest", "resolution", "sharpest", "model", "provider", "more",
    "problems", "every", "read", "readable", "scanning", "embedded", "overall",
}


def english_words(text: str) -> set[str]:
    """The English words left in ``text`` once what is not prose is taken out: JSON lines,
    paths, options, metavars in capitals, quoted names, command names, numbers."""
    left = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("{") or s.startswith("["):
            try:
                json.loads(s)
                continue
            except ValueError:
                pass
        s = re.sub(r"\"[^\"]*\"|“[^”]*”|'[^']*'", " ", s)  # quoted names and words
        s = re.sub(r"\S*[/\\]\S*", " ", s)  # paths
        s = re.sub(r"(?<!\w)--?[\w-]+", " ", s)  # options
        left.append(s)
    words = set(re.findall(r"[A-Za-z][A-Za-z'-]*", " ".join(left)))
    return {w.lower() for w in words if not w.isupper() and w not in COMMANDS} & ENGLISH


def photorec(env_extra: dict[str, str], *argv) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "PHOTOREC_LANG")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "photorec", *map(str, argv)], env=env,
                          capture_output=True, text=True, cwd=REPO, timeout=300)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A few photos, a recompressed half-size copy of one (a duplicate group), and files that
    cannot be read (not an image, empty, truncated)."""
    root = tmp_path_factory.mktemp("i18n_cli")
    photos = copy_photos(root / "photos", n=6, step=11)
    with Image.open(photos[0]) as im:
        im.reduce(2).save(root / "photos" / "copy_small.jpg", quality=70)
    (root / "photos" / "notes.jpg").write_bytes(b"this is not an image at all" * 10)
    (root / "photos" / "empty.jpg").write_bytes(b"")
    (root / "photos" / "cut.jpg").write_bytes(photos[1].read_bytes()[:3000])
    return root, photos


SCENARIOS = [
    ("help", lambda root, photos, data: ["--help"]),
    ("index_help", lambda root, photos, data: ["index", "--help"]),
    ("index", lambda root, photos, data: ["--data-dir", data, "index", root / "photos"]),
    ("status", lambda root, photos, data: ["--data-dir", data, "status"]),
    ("similar", lambda root, photos, data: ["--data-dir", data, "similar", photos[0], "-k", "4"]),
    ("duplicates", lambda root, photos, data: ["--data-dir", data, "duplicates"]),
    ("problems", lambda root, photos, data: ["--data-dir", data, "problems"]),
    ("typo", lambda root, photos, data: ["--data-dir", data, "stauts"]),
    ("missing_folder", lambda root, photos, data: ["--data-dir", data, "index",
                                             root / "not-there"]),
    ("missing_image", lambda root, photos, data: ["--data-dir", data, "similar",
                                            root / "gone.jpg"]),
    ("bad_option", lambda root, photos, data: ["--data-dir", data, "similar", "-k"]),
    ("no_library", lambda root, photos, data: ["--data-dir", root / "nothing", "status"]),
    ("search", lambda root, photos, data: ["--data-dir", data, "search", "gnome"]),
    ("integrate", lambda root, photos, data: ["integrate", "status"]),
    ("themes", lambda root, photos, data: ["--data-dir", data, "themes", "-k", "2"]),
    ("suggest", lambda root, photos, data: ["--data-dir", data, "tags", "suggest"]),
]


@pytest.fixture(scope="module")
def runs(library):
    """Every scenario in English, with --lang pt_BR, and with LANG=pt_BR.UTF-8 only, each in
    its own library (indexed by its "index")."""
    root, photos = library
    out = {}
    home = {"HOME": str(root / "home"), "XDG_DATA_HOME": str(root / "home" / "share")}
    for how, env, pre in (("en", {"LANG": "C.UTF-8", **home}, []),
                          ("lang", {"LANG": "C.UTF-8", **home}, ["--lang", "pt_BR"]),
                          ("locale", {"LANG": "pt_BR.UTF-8", **home}, [])):
        for name, argv in SCENARIOS:
            if how == "locale" and name not in BY_LOCALE:
                continue
            out[how, name] = photorec(env, *pre, *argv(root, photos, root / f"data-{how}"))
    return out


# what runs again with only LANG=pt_BR.UTF-8 (the same code after the language is chosen)
BY_LOCALE = {"help", "index_help", "index", "status", "similar", "duplicates", "typo",
             "missing_folder", "bad_option"}


@pytest.mark.parametrize("how, name", [("lang", n) for n, _ in SCENARIOS]
                         + [("locale", n) for n, _ in SCENARIOS if n in BY_LOCALE])
@pytest.mark.slow
def test_no_english_sentence_is_left(runs, how, name):
    r = runs[how, name]
    assert r.stdout.strip() or r.stderr.strip(), name
    assert "Traceback" not in r.stderr
    assert english_words(r.stdout + "\n" + r.stderr) == set(), (r.stdout, r.stderr)
    en = runs["en", name]
    assert r.returncode == en.returncode, (r.stderr, en.stderr)
    # the detector itself sees the English run as English
    assert english_words(en.stdout + "\n" + en.stderr), (en.stdout, en.stderr)


@pytest.mark.slow
def test_the_portuguese_says_what_happened(runs):
    for how in ("lang", "locale"):
        out = {name: runs[how, name].stdout + runs[how, name].stderr
               for name, _ in SCENARIOS if (how, name) in runs}
        out = {name: out.get(name, runs["lang", name].stdout + runs["lang", name].stderr)
               for name, _ in SCENARIOS}
        assert out["help"].startswith("uso: photorec")
        assert "argumentos posicionais" in out["help"] and "opções:" in out["help"]
        assert "Indexado em" in out["index"] and "novas" in out["index"]
        assert "não é uma imagem, ou é um formato que o photorec não lê" in out["index"]
        assert "arquivo vazio (0 bytes)" in out["problems"]
        assert "Fotos parecidas com" in out["similar"]
        assert re.search(r"Mesma foto|Quase duplicata|Muito parecida|Parecida", out["similar"])
        assert "Grupo 1:" in out["duplicates"] and "Manter copy" not in out["duplicates"]
        assert "Maior resolução" in out["duplicates"] or "A mais nítida" in out["duplicates"]
        assert "você quis dizer 'status'?" in out["typo"]
        assert "não existe" in out["missing_folder"]
        assert "arquivo não encontrado" in out["missing_image"]
        assert "erro: argumento -k: espera um argumento" in out["bad_option"]
        assert "nenhuma biblioteca em" in out["no_library"]
        assert "Fotos que correspondem a “gnome”:" in out["search"] and "nome: gnome" in out["search"]
        assert "estado: não instalada" in out["integrate"] and "ausente" in out["integrate"]
        assert "fotos agrupadas em 2 temas em" in out["themes"] and "(k " not in out["themes"]
        assert re.search(r"(janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|"
                         r"outubro|novembro|dezembro|[a-z]{3}–[a-z]{3}) \d{4}", out["themes"])
        assert "marque pelo menos" in out["suggest"]


@pytest.mark.slow
def test_english_stays_as_it_was(runs):
    out = {name: runs["en", name].stdout + runs["en", name].stderr for name, _ in SCENARIOS}
    assert out["help"].startswith("usage: photorec")
    assert "Indexed in" in out["index"] and " new, " in out["index"]
    assert "not an image, or a format photorec cannot read" in out["index"]
    assert "did you mean 'status'?" in out["typo"]
    assert "error: argument -k: expected one argument" in out["bad_option"]


@pytest.mark.slow
def test_json_output_stays_english(library, runs):
    root, photos = library
    docs = []
    for pre, env in (([], {"LANG": "C.UTF-8"}), (["--lang", "pt_BR"], {"LANG": "C.UTF-8"}),
                     ([], {"LANG": "pt_BR.UTF-8"})):
        r = photorec(env, *pre, "--data-dir", root / "data-en", "status", "--json")
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        doc.pop("indexing", None)
        docs.append(doc)
        r = photorec(env, *pre, "--data-dir", root / "data-en", "similar", photos[0], "-k", "3",
                     "--json")
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        assert set(doc) == {"query", "results", "min_score", "not_shown"}
        assert all(i["band"] in (None, "same", "near_duplicate", "very_similar", "similar")
                   for i in doc["results"])
        docs.append(doc)
    assert docs[0:2] == docs[2:4] == docs[4:6]
    assert docs[0]["folders"][0]["online"] is True


# -- core error texts at the CLI boundary ------------------------------------------------------


def _pt(code: str) -> list[str]:
    """Run ``code`` in a fresh Python after use_language('pt_BR'); its printed lines."""
    r = subprocess.run([sys.executable, "-c",
                        "from photorec import i18n\ni18n.use_language('pt_BR')\n"
                        "from photorec.cli_words import core_words, keeper_words, arg, words\n" + code],
                       capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_core_errors_in_words_are_translated_from_what_core_really_says(tmp_path):
    """The real errors and reasons of core (not copies of them), said by their code."""
    (tmp_path / "junk.jpg").write_bytes(b"junk" * 100)
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "bad.sqlite3").write_bytes(b"not a database at all" * 100)
    code = f"""
import sqlite3
from pathlib import Path
from photorec.core.errors import DiskFull, Reason
from photorec.core.ingest import decode
from photorec.core.ingest.scan import folder_problem
from photorec.core.store import db
def why(src):
    try:
        decode.decode(src)
    except decode.DecodeError as exc:
        return exc
def sqlite_error(cls, text, name, code):  # as sqlite3 raises them (3.11: with their code)
    e = cls(text)
    e.sqlite_errorname, e.sqlite_errorcode = name, code
    return e
def real_error(path):
    try:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    except sqlite3.Error as exc:
        return exc
cat = Path({str(tmp_path / 'catalog.db')!r})
for what in [
    why({str(tmp_path / 'junk.jpg')!r}), why({str(tmp_path / 'empty.jpg')!r}),
    why({str(tmp_path / 'gone.jpg')!r}),
    Reason("path_reason", path={str(tmp_path / 'x')!r}, reason=folder_problem({str(tmp_path / 'x')!r})),
    db.translate(sqlite_error(sqlite3.DatabaseError, 'database disk image is malformed',
                              'SQLITE_CORRUPT', 11), cat),
    DiskFull(12), db.disk_full(None),
    db.translate(sqlite_error(sqlite3.OperationalError, 'attempt to write a readonly database',
                              'SQLITE_READONLY', 8), cat),
    'some message core has not got: 42',
    db.translate(real_error({str(tmp_path / 'bad.sqlite3')!r}), cat),
]:
    print(words(what))
"""
    lines = _pt(code)
    d = str(tmp_path)
    assert lines == [
        "não é uma imagem, ou é um formato que o photorec não lê",
        "arquivo vazio (0 bytes)",
        "arquivo não encontrado (movido ou apagado durante a varredura)",
        f"{d}/x: pasta não encontrada (disco desconectado ou compartilhamento não montado?)",
        f"o catálogo {d}/catalog.db está danificado (database disk image is malformed); rode "
        "'photorec repair' para guardar uma cópia dele e recuperar o que puder ser lido",
        "disco cheio: 12 fotos salvas, rode de novo quando houver espaço",
        "disco cheio: o que foi indexado até agora está salvo, rode de novo quando houver espaço",
        f"não é possível gravar no catálogo {d}/catalog.db (attempt to write a readonly "
        "database): o disco ou a pasta é só para leitura; a busca continua funcionando, "
        "mudanças precisam de um disco gravável",
        "some message core has not got: 42",
        f"o catálogo {d}/catalog.db está danificado (file is not a database); rode "
        "'photorec repair' para guardar uma cópia dele e recuperar o que puder ser lido",
    ]


def test_keeper_reasons_and_placeholders():
    lines = _pt("""
from photorec.core.errors import Reason as R
def keeper(*reasons, offline=False):
    return R("keeper", reasons=list(reasons), offline=offline)
print(keeper_words(keeper(R("keep_largest_resolution", size="4000x3000"), R("keep_sharpest"),
                          R("keep_capture_time"))))
print(keeper_words(keeper(R("keep_exact_copies"), offline=True)))
print(keeper_words(keeper(R("keep_largest_file", size="2.1 MB"), R("keep_oldest"))))
print(keeper_words(keeper(R("keep_best_overall"))))
print(keeper_words(keeper(R("keep_better_format", format=R("keep_lossless", format="PNG")))))
print(str(keeper(R("keep_largest_file", size="2.1 MB"), R("keep_oldest"), offline=True)))
from photorec.core.errors import Reason  # a reason as photorec 0.2 stored it, read back
print(words(Reason.from_stored('/a: b: truncated file (incomplete copy or download?)')))
print(arg('%1 e %2', '%2', 'x'))
""")
    assert lines == [
        "Maior resolução (4000x3000), a mais nítida e tem a hora da captura (EXIF)",
        "Cópias exatas: mantido o arquivo mais antigo (numa pasta offline)",
        "Maior arquivo (2.1 MB) e o arquivo mais antigo (provavelmente o original)",
        "A melhor no conjunto de resolução, nitidez, tamanho e formato",
        "Formato melhor: sem perdas (PNG)",
        "Largest file (2.1 MB) and the oldest file (likely the original) (in an offline folder)",
        "/a: b: arquivo truncado (cópia ou download incompleto?)",
        "%2 e x",
    ]


def test_english_core_words_are_untouched():
    r = subprocess.run([sys.executable, "-c",
                        "from photorec import i18n\ni18n.use_language('en')\n"
                        "from photorec.cli_words import words\n"
                        "from photorec.core.errors import Reason\n"
                        "print(words(Reason('empty_file')))"],
                       capture_output=True, text=True, cwd=REPO)
    assert r.stdout.strip() == "empty file (0 bytes)"


# -- the catalog -------------------------------------------------------------------------------


def _messages(ts: Path) -> dict:
    """(context, source, disambiguation) -> translation: counts whose English does not change
    ("%1 new") have two entries, told apart by their disambiguation ("one", "other")."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            out[(ctx.findtext("name"), m.findtext("source"), m.findtext("comment"))] = m.find("translation")
    return out


def test_every_cli_string_is_in_the_cli_ts_and_translated(tmp_path):
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-locations", "none", *CLI_FILES, "-ts", str(fresh)],
                   cwd=REPO, check=True, capture_output=True)
    wanted = set(_messages(fresh))
    assert len(wanted) > 250
    committed = _messages(TS)
    assert wanted - set(committed) == set(), "run python tools/update_translations.py"
    for key in wanted:
        tr = committed[key]
        assert tr.get("type") != "unfinished" and (tr.text or "").strip(), key
        placeholders = re.compile(r"%\d|%\(\w+\)\w|%[sr]")
        assert sorted(placeholders.findall(key[1])) == sorted(placeholders.findall(tr.text)), key


def test_committed_cli_qm_is_current_with_its_ts():
    from PySide6.QtCore import QTranslator

    t = QTranslator()
    data = QM.read_bytes()
    assert t.load(data)
    done = 0
    for (ctx, src, comment), tr in _messages(TS).items():
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            continue
        assert t.translate(ctx, src, comment) == tr.text, (ctx, src, comment)
        done += 1
    assert done > 250
    del data


def test_the_tool_splits_the_sources_between_the_two_catalogs():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import update_translations as tool
    finally:
        sys.path.pop(0)
    cli, gui = tool.sources("photorec_cli"), tool.sources("photorec")
    assert sorted(cli) == sorted(CLI_FILES)
    assert not set(cli) & set(gui) and "photorec/gui/viewer.py" in gui
    assert "photorec/integration/base.py" in gui  # only integration/cli.py is the CLI's
