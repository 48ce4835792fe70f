"""Faces and the photo around them: which face a region in the photo names, a face's crop for
the window, and a photo image fitted to a size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from photorec.core.store import people as store

if TYPE_CHECKING:
    from PIL import Image

    from photorec.core.store.catalog import Catalog


def fit_long_side(image: Image.Image, side: int) -> Image.Image:
    """``image`` with its long side ``side`` (made larger too: a JPEG decoded at half size
    and enlarged by 1.2 shows the detector a 20 px face at 12 px, which it finds)."""
    from PIL import Image as PILImage

    w, h = image.size
    if max(w, h) == side:
        return image
    s = side / max(w, h)
    return image.resize((max(1, round(w * s)), max(1, round(h * s))), PILImage.Resampling.BILINEAR)


def region_names(path: str, boxes: list[tuple[float, float, float, float]]) -> dict[int, str]:
    """Which face (index into ``boxes``) each named region of the photo names: the face
    whose box overlaps the region most (IoU >= 0.25, or its centre inside the region)."""
    from photorec.core.ingest.regions import read_regions

    out: dict[int, str] = {}
    for r in read_regions(path):
        rx, ry, rw, rh = r.box
        best, best_i = 0.0, None
        for i, (x, y, w, h) in enumerate(boxes):
            iw = max(0.0, min(x + w, rx + rw) - max(x, rx))
            ih = max(0.0, min(y + h, ry + rh) - max(y, ry))
            inter = iw * ih
            iou = inter / max(w * h + rw * rh - inter, 1e-9)
            cx, cy = x + w / 2, y + h / 2
            inside = rx <= cx <= rx + rw and ry <= cy <= ry + rh
            score = max(iou, 0.25 if inside else 0.0)
            if score >= 0.25 and score > best and i not in out:
                best, best_i = score, i
        if best_i is not None:
            out[best_i] = r.name
    return out


def face_crops(catalog: Catalog, face_ids: Iterable[int], size: int = 96) -> dict[int, object]:
    """Square PIL images of faces (a margin around each box), read from their photos
    (worker threads only). A face whose photo cannot be read is left out."""
    from PIL import Image, ImageOps

    from photorec.core.ingest import decode as dec  # noqa: F401 - HEIF opener, limits

    out: dict[int, object] = {}
    for fid, (ckey, (x, y, w, h)) in store.face_boxes(catalog, face_ids).items():
        for path in store.paths_of_ckey(catalog, ckey)[:1]:
            try:
                with Image.open(path) as im:
                    side = max(im.size) * max(w, h)
                    if side > 2 * size:  # JPEG: decode smaller, the face still >= size
                        im.draft("RGB", (int(im.width * 2 * size / side),
                                         int(im.height * 2 * size / side)))
                    img = ImageOps.exif_transpose(im).convert("RGB")
            except (OSError, ValueError, Image.DecompressionBombError):
                continue
            W, H = img.size
            half = min(max(w * W, h * H) * 0.8, W / 2, H / 2)
            # Centred on the face, moved inside the photo when the face is at an edge.
            cx = min(max((x + w / 2) * W, half), W - half)
            cy = min(max((y + h / 2) * H, half), H - half)
            box = (int(cx - half), int(cy - half), int(cx + half), int(cy + half))
            out[fid] = img.crop(box).resize((size, size), Image.Resampling.BILINEAR)
    return out
