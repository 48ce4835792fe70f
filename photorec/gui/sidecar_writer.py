"""The window's "Write to sidecars…": the tags page writes the keywords and photorec tags of
the selected photos (or, with none selected, of every photo whose photorec tags differ from
what its file says) into their XMP sidecars, after the user confirms, and says what happened:
how many were written, already up to date, and which were skipped and why."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox, QWidget

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


def confirm(parent: QWidget, n_selected: int) -> bool:
    what = (plural(n_selected, translate("SidecarWriter", "the selected photo"),
                   translate("SidecarWriter", "the %1 selected photos"))
            .replace("%1", str(n_selected)) if n_selected
            else translate("SidecarWriter", "every photo whose photorec tags differ from its file"))
    text = translate(
        "SidecarWriter", "Write the keywords and photorec tags of %1 into their XMP sidecars? "
        "Everything else in the sidecars is kept; the photos themselves are not changed."
    ).replace("%1", what)
    answer = QMessageBox.question(parent, translate("SidecarWriter", "Write to sidecars"), text)
    return answer == QMessageBox.StandardButton.Yes


def summary(rep) -> str:
    """One status line for a SidecarReport."""
    parts = [plural(len(rep.written), translate("SidecarWriter", "Wrote %1 sidecar."),
                    translate("SidecarWriter", "Wrote %1 sidecars."))
             .replace("%1", str(len(rep.written)))]
    if rep.unchanged:
        parts.append(plural(rep.unchanged, translate("SidecarWriter", "%1 already up to date."),
                            translate("SidecarWriter", "%1 already up to date.")).replace("%1", str(rep.unchanged)))
    if rep.skipped:
        shown = "; ".join(f"{os.path.basename(p)}: {reason(code)}" for p, code, _ in rep.skipped[:3])
        more = len(rep.skipped) - 3
        if more > 0:
            shown += "; " + translate("SidecarWriter", "and %1 more").replace("%1", str(more))
        parts.append(plural(len(rep.skipped), translate("SidecarWriter", "%1 skipped (%2)."),
                            translate("SidecarWriter", "%1 skipped (%2)."))
                     .replace("%1", str(len(rep.skipped))).replace("%2", shown))
    return " ".join(parts)
