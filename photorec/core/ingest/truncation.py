"""Whether an image file was cut short (a copy or download that stopped), told from its bytes
and its header, never from the decoder's words."""

from __future__ import annotations

import io
import os
from typing import IO, cast

from PIL import Image


def _head_and_tail(source: object, n: int = 16) -> tuple[bytes, bytes, int] | None:
    """The first and last ``n`` bytes of ``source`` and its size (None when unreadable)."""
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            b = bytes(source[:n]), bytes(source[-n:]), len(source)
            return b
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as f:
                return _ends_of(f, n)
        fh = cast(IO[bytes], source)  # an open binary file
        pos = fh.tell()
        try:
            return _ends_of(fh, n)
        finally:
            fh.seek(pos)
    except (OSError, ValueError, AttributeError):
        return None


def _ends_of(f: IO[bytes], n: int) -> tuple[bytes, bytes, int]:
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    head = f.read(n)
    f.seek(max(0, size - n))
    return head, f.read(n), size


def ends_early(source: object) -> bool:
    """Whether the data stops before its format says it ends (a copy or download cut short):
    a JPEG without its end marker, a PNG without its IEND chunk, a GIF without its trailer, a
    WebP or BMP shorter than its header says, image data placed past the end. Told from the
    bytes, not from the decoder's words."""
    ends = _head_and_tail(source)
    if ends is None:
        return False
    head, tail, size = ends
    if head.startswith(b"\xff\xd8"):
        return not tail.rstrip(b"\0").endswith(b"\xff\xd9")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return not tail.endswith(b"IEND\xaeB`\x82")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return not tail.endswith(b"\x3b")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return int.from_bytes(head[4:8], "little") + 8 > size
    if head[:2] == b"BM" and int.from_bytes(head[2:6], "little") > size:
        return True  # the BMP header's file size
    return _data_past_end(source, size)


def _data_past_end(source: object, size: int) -> bool:
    """Whether the header (read again, no pixels) places image data past the file's end: a
    TIFF's strips or tiles, an uncompressed (raw) image's rows."""
    try:
        if not isinstance(source, (str, os.PathLike, bytes, bytearray, memoryview)):
            cast(IO[bytes], source).seek(0)
        with Image.open(io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview))
                        else cast("str | os.PathLike[str] | IO[bytes]", source)) as im:
            tags = getattr(im, "tag_v2", None)
            if tags is not None:
                offsets = tags.get(273) or tags.get(324) or ()
                counts = tags.get(279) or tags.get(325) or ()
                return any(o + c > size for o, c in zip(offsets, counts))
            for _, box, offset, args in im.tile or ():
                stride = args[1] if isinstance(args, tuple) and len(args) > 1 else 0
                rows = box[3] - box[1] if box else 0
                if offset >= size or (isinstance(stride, int) and offset + abs(stride) * rows > size):
                    return True
    except Exception:  # noqa: BLE001 - an unreadable header: not known to be cut short
        return False
    return False
