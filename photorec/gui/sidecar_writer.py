"""The window's "Write to sidecars…": the tags page writes the keywords and photorec tags of
the selected photos (or, with none selected, of every photo whose photorec tags differ from
what its file says) into their XMP sidecars, after the user confirms, and says what happened:
how many were written, already up to date, and which were skipped and why."""

from __future__ import annotations

import os
import re

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from photorec.core.store.display import display_text
from photorec.i18n import plural, translate


def reason(code: str) -> str:
    """Why a sidecar was skipped, in words (codes of photorec.core.organize.sidecars)."""
    words = {
        "sidecar_read_only": translate("SidecarWriter", "read-only, left as it is"),
        "sidecar_not_regular": translate("SidecarWriter", "not a regular file"),
        "sidecar_too_large": translate("SidecarWriter", "too large to be XMP"),
        "xmp_too_deep": translate("SidecarWriter", "nested too deeply to be XMP"),
        "xmp_refused": translate("SidecarWriter", "declares a DTD or entities"),
        "xmp_invalid": translate("SidecarWriter", "not valid XML"),
        "xmp_undecodable": translate("SidecarWriter", "cannot be decoded"),
        "xmp_no_rdf": translate("SidecarWriter", "has no RDF in it"),
        "sidecar_changed": translate("SidecarWriter", "another program kept changing it"),
        "photo_missing": translate("SidecarWriter", "the photo is not there"),
        "not_in_library": translate("SidecarWriter", "not in the library"),
        "write_failed": translate("SidecarWriter", "cannot be written"),
    }
    return words.get(code, code)


def dialog(parent: QWidget, n_selected: int) -> QMessageBox:
    """The question, with "Also write the faces of named people" (off unless ticked)."""
    what = (plural(n_selected, translate("SidecarWriter", "the selected photo"),
                   translate("SidecarWriter", "the %1 selected photos"))
            .replace("%1", str(n_selected)) if n_selected
            else translate("SidecarWriter", "every photo whose photorec tags differ from its file"))
    text = translate(
        "SidecarWriter", "Write the keywords and photorec tags of %1 into their XMP sidecars? "
        "Everything else in the sidecars is kept; the photos themselves are not changed."
    ).replace("%1", what)
    box = QMessageBox(QMessageBox.Icon.Question, translate("SidecarWriter", "Write to sidecars"),
                      text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    faces = QCheckBox(translate("SidecarWriter", "Also write the faces of named people (MWG face "
                                                 "regions, as digiKam and Lightroom read them)"),
                      box)  # owned by the box: a Python-owned one is gone once this returns
    faces.setToolTip(translate("SidecarWriter", "Only faces of people you named; never unnamed "
                                                "people or unsure ones. A face another app named "
                                                "otherwise is left as it is."))
    box.setCheckBox(faces)
    return box


def confirm(parent: QWidget, n_selected: int) -> tuple[bool, bool]:
    """(write?, with the faces of named people?)"""
    box = dialog(parent, n_selected)
    answer = box.exec()
    faces = box.checkBox()
    return answer == QMessageBox.StandardButton.Yes, faces is not None and faces.isChecked()


def _fill(text: str, *values: str) -> str:
    """``%1``, ``%2``... replaced in one pass (a name holding "%2" is not replaced again)."""
    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1]
                  if 0 < int(m.group(1)) <= len(values) else m.group(0), text)


def summary(rep) -> str:
    """One status line for a SidecarReport."""
    parts = [plural(len(rep.written), translate("SidecarWriter", "Wrote %1 sidecar."),
                    translate("SidecarWriter", "Wrote %1 sidecars."))
             .replace("%1", str(len(rep.written)))]
    if rep.unchanged:
        parts.append(plural(rep.unchanged, translate("SidecarWriter", "%1 already up to date."),
                            translate("SidecarWriter", "%1 already up to date.")).replace("%1", str(rep.unchanged)))
    if rep.skipped:
        shown = "; ".join(f"{display_text(os.path.basename(p))}: {reason(code)}"
                          for p, code, _ in rep.skipped[:3])
        more = len(rep.skipped) - 3
        if more > 0:
            shown += "; " + translate("SidecarWriter", "and %1 more").replace("%1", str(more))
        parts.append(plural(len(rep.skipped), translate("SidecarWriter", "%1 skipped (%2)."),
                            translate("SidecarWriter", "%1 skipped (%2)."))
                     .replace("%1", str(len(rep.skipped))).replace("%2", shown))
    if rep.faces:
        parts.append(plural(rep.faces_written, translate("SidecarWriter", "%1 face region written."),
                            translate("SidecarWriter", "%1 face regions written."))
                     .replace("%1", str(rep.faces_written)))
    if rep.face_conflicts:
        shown = "; ".join(
            _fill(translate("SidecarWriter", "%1: %2 is %3 there"), display_text(os.path.basename(p)),
                  display_text(ours),
                  display_text(theirs) if theirs else translate("SidecarWriter", "unnamed"))
            for p, ours, theirs in rep.face_conflicts[:3])
        more = len(rep.face_conflicts) - 3
        if more > 0:
            shown += "; " + translate("SidecarWriter", "and %1 more").replace("%1", str(more))
        parts.append(plural(len(rep.face_conflicts),
                            translate("SidecarWriter", "%1 face left as another app named it (%2)."),
                            translate("SidecarWriter", "%1 faces left as another app named them (%2)."))
                     .replace("%1", str(len(rep.face_conflicts))).replace("%2", shown))
    return " ".join(parts)
