"""write-sidecars and the keyword lists of ACDSee and Windows: a tag removed in photorec leaves
ACDSee's ``acdsee:categories`` too (the rest of that tree kept byte for byte), so no later read
brings it back; a tag with a ``/`` in a part is never written into Microsoft's
``LastKeywordXMP``, which has no escape for one, so no reader sees ``AC/DC`` as ``AC`` > ``DC``.
Sidecars are made with exiftool and checked with exiftool and exiv2."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from test_metadata import make_photo
from test_sidecars import index, needs_tools, write

from photorec.core.ingest import acdsee, metadata, xmp, xmp_write
from photorec.core.library import Library
from photorec.core.organize import tags

EXIFTOOL, EXIV2 = shutil.which("exiftool"), shutil.which("exiv2")

TREE = ('<Categories><Category Assigned="0">Lugares<Category Assigned="1">Lisboa</Category>'
        '<Category Assigned="1" Cor="azul">Porto</Category></Category>'
        "<Category Assigned='1'>Família</Category></Categories>")


def exiftool(*args: str) -> str:
    assert EXIFTOOL is not None
    return subprocess.run([EXIFTOOL, *args], capture_output=True, text=True, check=True).stdout


def categories(side: Path) -> str:
    return exiftool("-b", "-XMP-acdsee:Categories", str(side))


def clean(side: Path, empty_lists: bool = False) -> None:
    """exiftool validates it and exiv2 reads it without a word. ``empty_lists``: the sidecar
    keeps its keyword lists empty (every tag removed, so the photo's embedded keywords stay
    replaced), which exiftool notes as minor warnings and nothing else."""
    v = subprocess.run([EXIFTOOL or "exiftool", "-validate", "-warning", "-a", str(side)],
                       capture_output=True, text=True)
    if empty_lists:
        lines = v.stdout.splitlines()
        assert lines[0].endswith("Warnings (all minor)") and all(
            "[minor] Ignored empty rdf:" in w for w in lines[1:]), v.stdout
    else:
        assert "Validate                        : OK" in v.stdout, v.stdout
    e = subprocess.run([EXIV2 or "exiv2", "-pa", str(side)], capture_output=True, text=True)
    assert e.returncode == 0 and not e.stderr.strip(), e.stderr


@needs_tools
def test_a_tag_removed_in_photorec_leaves_acdsee_categories_and_stays_gone(tmp_path):
    photo = make_photo(tmp_path / "p" / "a.jpg")
    side = Path(str(photo) + ".xmp")
    exiftool("-q", "-o", str(side), f"-XMP-acdsee:Categories={TREE}", "-XMP-dc:Subject=Lisboa",
             "-XMP-dc:Subject=Porto", "-XMP-dc:Subject=Família", "-XMP-xmp:Rating=3")
    assert categories(side) == TREE  # exiftool kept ACDSee's string as it is
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        assert sorted(tags.tags_of(lib, str(photo))) == ["Família", "Lugares|Lisboa", "Lugares|Porto"]
        tags.remove_tags(lib, [str(photo)], ["Lugares|Porto"])
    write(data, photo)
    assert categories(side) == TREE.replace('<Category Assigned="1" Cor="azul">Porto</Category>', "")
    clean(side)
    assert sorted(metadata.read_metadata(str(photo)).tags) == ["Família", "Lugares|Lisboa"]
    assert xmp.read_sidecar(side).rating == 3

    with Library.open(data) as lib:  # every tag gone: the other lists are empty, and ACDSee's too
        tags.remove_tags(lib, [str(photo)], ["Lugares|Lisboa", "Família"])
    write(data, photo)
    assert categories(side) == "<Categories></Categories>"
    clean(side, empty_lists=True)
    assert metadata.read_metadata(str(photo)).tags == []  # nothing comes back from ACDSee's tree
    index(data, photo.parent)
    with Library.open(data) as lib:
        assert tags.tags_of(lib, str(photo)) == []


def test_acdsee_removal_keeps_the_rest_of_the_tree_exactly():
    pretty = ('<Categories>\n  <Category Assigned="0">Lugares\n'
              '    <Category Assigned="1">Lisboa</Category>\n'
              '    <Category Assigned="1" Cor="azul">Porto</Category>\n  </Category>\n'
              "  <Category Assigned='1'>Família &amp; amigos</Category>\n"
              '  <Category Assigned="1">Eventos<Category Assigned="1">Festa</Category></Category>\n'
              "</Categories>")
    assert acdsee.remove(pretty, {"lugares|lisboa"}) == pretty.replace(
        '\n    <Category Assigned="1">Lisboa</Category>', "")
    gone = acdsee.remove(pretty, {"lugares|lisboa", "lugares|porto", "família & amigos"})
    assert gone == ('<Categories>\n'
                    '  <Category Assigned="1">Eventos<Category Assigned="1">Festa</Category>'
                    '</Category>\n</Categories>')
    # Eventos is assigned, but the reader sees only Eventos|Festa: Eventos alone is not a tag
    assert acdsee.remove(pretty, {"eventos"}) == pretty
    # removing Festa leaves Eventos, assigned by ACDSee's user, as it is
    assert xmp._acdsee(acdsee.remove(pretty, {"eventos|festa"})) == [
        "Lugares|Lisboa", "Lugares|Porto", "Família & amigos", "Eventos"]
    assert acdsee.remove(pretty, {"nada"}) == pretty
    dtd = '<!DOCTYPE x [<!ENTITY e "Lisboa">]><Categories><Category Assigned="1">&e;</Category></Categories>'
    assert acdsee.remove(dtd, {"lisboa"}) == dtd  # refused, never expanded
    assert acdsee.remove("<Categories><Category", {"lisboa"}) == "<Categories><Category"
    empty = '<Categories><Category Assigned="1"/><Category Assigned="1">Sé</Category></Categories>'
    assert acdsee.remove(empty, {"sé"}) == '<Categories><Category Assigned="1"/></Categories>'


def _lists(side: Path) -> dict[str, list[str]]:
    import json

    out = json.loads(exiftool("-j", "-G1", "-XMP:all", str(side)))[0]
    return {k: v if isinstance(v, list) else [v] for k, v in out.items()}


@needs_tools
def test_a_slash_inside_a_part_never_goes_into_last_keyword_xmp(tmp_path):
    photo = make_photo(tmp_path / "p" / "w.jpg")
    side = Path(str(photo) + ".xmp")
    exiftool("-q", "-o", str(side), "-XMP-microsoft:LastKeywordXMP=Lugares/Sé",
             "-XMP-dc:Subject=Sé")
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["AC/DC", "Bandas|AC/DC", "Bandas|Rock"])
    write(data, photo)
    clean(side)
    got = _lists(side)
    assert sorted(got["XMP-microsoft:LastKeywordXMP"]) == ["Bandas/Rock", "Lugares/Sé"]
    assert {"AC\\/DC", "Bandas/AC\\/DC"} <= set(got["XMP-digiKam:TagsList"])
    assert "Bandas|AC/DC" in got["XMP-lr:HierarchicalSubject"]
    assert "AC/DC" in got["XMP-dc:Subject"]
    want = ["AC/DC", "Bandas|AC/DC", "Bandas|Rock", "Lugares|Sé"]
    assert sorted(metadata.read_metadata(str(photo)).tags) == want
    # an app that keeps only Windows' list and dc:subject: still one keyword, never AC > DC
    exiftool("-q", "-overwrite_original", "-XMP-digiKam:TagsList=",
             "-XMP-lr:HierarchicalSubject=", str(side))
    read = metadata.read_metadata(str(photo)).tags
    assert "AC/DC" in read and not any("AC|DC" in t for t in read), read


def test_an_older_photorec_s_slash_keyword_in_last_keyword_xmp_is_removed_with_its_tag():
    ms = "http://ns.microsoft.com/photo/1.0/"
    root = xmp.parse_tree(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:MicrosoftPhoto="{ms}" '
        'xmlns:digiKam="http://www.digikam.org/ns/1.0/">'
        "<MicrosoftPhoto:LastKeywordXMP><rdf:Bag><rdf:li>Bandas/AC/DC</rdf:li>"
        "<rdf:li>Bandas/Rock</rdf:li></rdf:Bag></MicrosoftPhoto:LastKeywordXMP>"
        "<digiKam:TagsList><rdf:Seq><rdf:li>Bandas/AC\\/DC</rdf:li><rdf:li>Bandas/Rock</rdf:li>"
        "</rdf:Seq></digiKam:TagsList></rdf:Description></rdf:RDF></x:xmpmeta>")
    xmp_write.merge_keywords(root, ["Bandas|Rock"], [], ["Bandas|AC/DC"])
    items = [li.text for li in root.iter(xmp.RDF_LI)]
    assert items.count("Bandas/Rock") == 2 and not any("AC" in (t or "") for t in items)
    assert xmp.read_tree(root).hierarchical == ["Bandas|Rock"]
    assert ET.tostring(root)  # still a tree that serialises
