"""The metadata inside a photo file besides XMP: IPTC (keywords, title, caption, date) and EXIF
(camera, description, artist, user comment, the Windows XP tags, rating, dates, GPS).

Each reader fills an :class:`Embedded` with what the file says, source by source, so that
:mod:`.metadata` can apply the reference apps' order of preference. Text is decoded the way
the writers meant it: IPTC by its declared character set (legacy IPTC without one as
Windows-1252), EXIF ASCII fields as UTF-8 when they are valid UTF-8 (cameras and exiftool write
UTF-8 there), else Latin-1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image, IptcImagePlugin

from photorec.core.ingest import xmp

_MAKE, _MODEL, _DESCRIPTION, _DATETIME, _ARTIST = 0x010F, 0x0110, 0x010E, 0x0132, 0x013B
_RATING, _RATING_PERCENT = 0x4746, 0x4749
_XP_TITLE, _XP_COMMENT, _XP_KEYWORDS, _XP_SUBJECT = 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_USER_COMMENT, _DATETIME_ORIGINAL = 0x9286, 0x9003
_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\x00"

# What cameras write into ImageDescription when nobody described anything.
CAMERA_JUNK = {
    "", "olympus digital camera", "sony dsc", "digital camera", "default", "image",
    "samsung", "kodak digital still camera", "minolta digital camera", "camera", "exif_jpeg_420",
    "lg electronics", "hdr", "scanned image", "untitled", "<untitled>",
}


@dataclass
class Embedded:
    iptc_keywords: list[str] = field(default_factory=list)
    iptc_title: str | None = None
    iptc_caption: str | None = None
    iptc_date: float | None = None
    xp_keywords: list[str] = field(default_factory=list)
    xp_title: str | None = None
    xp_comment: str | None = None
    exif_description: str | None = None
    user_comment: str | None = None
    artist: str | None = None
    camera: str | None = None
    rating: int | None = None
    date_original: float | None = None  # EXIF DateTimeOriginal
    date_modified: float | None = None  # EXIF DateTime (IFD0)
    lat: float | None = None
    lon: float | None = None
    problems: list[str] = field(default_factory=list)


def exif_text(value: object) -> str | None:
    """An EXIF ASCII field: UTF-8 when it is valid UTF-8, else Latin-1; NULs and blanks off."""
    if isinstance(value, str):
        try:
            raw = value.encode("latin-1")  # Pillow decodes ASCII fields as Latin-1
        except UnicodeEncodeError:
            raw = None
        if raw is not None:
            value = raw
    if isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            value = raw.decode("latin-1")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 \t\r\n") or None


def _iptc_text(raw: bytes, utf8: bool, problems: list[str], what: str) -> str:
    if utf8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"IPTC {what} are marked UTF-8 but are not (read as Latin-1)")
            return raw.decode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # legacy IPTC without a character set


def read_iptc(im: Image.Image, out: Embedded) -> None:
    try:
        info = IptcImagePlugin.getiptcinfo(im)  # type: ignore[arg-type]  # typed for ImageFile; any image works
    except Exception as exc:  # noqa: BLE001 - a malformed block is a problem, not a crash
        out.problems.append(f"IPTC block is damaged ({exc.__class__.__name__})")
        return
    if not info:
        return
    charset = info.get((1, 90))
    utf8 = isinstance(charset, bytes) and charset.startswith(b"\x1b%G")

    def texts(key: tuple[int, int], what: str) -> list[str]:
        v = info.get(key)
        if v is None:
            return []
        items = v if isinstance(v, list) else [v]
        return [_iptc_text(x, utf8, out.problems, what) for x in items if isinstance(x, bytes)]

    out.iptc_keywords = [k.strip() for k in texts((2, 25), "keywords") if k.strip()]
    title = texts((2, 5), "title")
    caption = texts((2, 120), "caption")
    out.iptc_title = (title[0].strip() if title else None) or None
    out.iptc_caption = (caption[0].strip() if caption else None) or None
    date = texts((2, 55), "date")
    if date:
        t = texts((2, 60), "time")
        stamp = date[0].strip()[:8] + (t[0].strip()[:6] if t else "")
        for text, fmt in ((stamp, "%Y%m%d%H%M%S"), (stamp[:8], "%Y%m%d")):
            try:
                out.iptc_date = datetime.strptime(text, fmt).timestamp()
                break
            except ValueError:
                continue


def _xp(value: object) -> str | None:
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-16-le").rstrip("\x00").strip() or None
        except UnicodeDecodeError:
            return None
    if isinstance(value, tuple):  # some Pillow versions give a tuple of byte values
        return _xp(bytes(value))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _user_comment(value: object, problems: list[str]) -> str | None:
    if isinstance(value, str):
        return value.strip("\x00 ") or None
    if not isinstance(value, (bytes, bytearray)) or len(value) < 8:
        return None
    code, body = bytes(value[:8]), bytes(value[8:])
    try:
        if code.startswith(b"ASCII"):
            text = body.decode("ascii")
        elif code.startswith(b"UNICODE"):
            bom_be = body[:2] == b"\xfe\xff" or (len(body) > 1 and body[0] == 0 and body[1] != 0)
            text = body.decode("utf-16-be" if bom_be else "utf-16-le")
        elif code.startswith(b"JIS"):
            text = body.decode("shift_jis")
        else:  # undefined: most writers put UTF-8 or Latin-1 there
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text = body.decode("latin-1")
    except UnicodeDecodeError:
        problems.append("EXIF UserComment is not in the character set it declares")
        return None
    text = text.strip("\x00 \t\r\n")
    return text or None


def _gps(gps: dict[int, Any]) -> tuple[float, float] | None:
    def deg(v: Any, ref: object) -> float | None:
        try:
            d, m, s = (float(x) for x in v)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        x = d + m / 60 + s / 3600
        return -x if str(ref).upper().startswith(("S", "W")) else x

    lat, lon = deg(gps.get(2), gps.get(1, "N")), deg(gps.get(4), gps.get(3, "E"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:
        return None
    return lat, lon


def read_exif(im: Image.Image, out: Embedded, exif: Image.Exif | None = None) -> None:
    """The camera, description, date and place from ``exif`` (read by the caller without
    decoding pixels: :func:`photorec.core.ingest.png.exif_of`), or from ``im.getexif()``."""
    if exif is None:
        try:
            exif = im.getexif()
        except Exception as exc:  # noqa: BLE001
            out.problems.append(f"EXIF block is damaged ({exc.__class__.__name__})")
            return
    if not exif:
        return
    make = exif_text(exif.get(_MAKE)) or ""
    model = exif_text(exif.get(_MODEL)) or ""
    if model and make and not model.lower().startswith(make.split()[0].lower()):
        out.camera = f"{make} {model}"
    else:
        out.camera = model or make or None
    desc = exif_text(exif.get(_DESCRIPTION))
    if desc and desc.lower() not in CAMERA_JUNK:
        out.exif_description = desc
    out.artist = exif_text(exif.get(_ARTIST))
    rating = exif.get(_RATING)
    percent = exif.get(_RATING_PERCENT)
    if isinstance(rating, int):
        out.rating = max(-1, min(5, rating))
    elif isinstance(percent, int):
        out.rating = xmp.ms_rating(percent)
    out.xp_title = _xp(exif.get(_XP_TITLE)) or _xp(exif.get(_XP_SUBJECT))
    out.xp_comment = _xp(exif.get(_XP_COMMENT))
    kw = _xp(exif.get(_XP_KEYWORDS))
    if kw:
        out.xp_keywords = [k for k in (x.strip() for x in kw.split(";")) if k]
    try:
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001
        sub = {}
    comment = _user_comment(sub.get(_USER_COMMENT), out.problems)
    if comment and comment.lower() not in CAMERA_JUNK:
        out.user_comment = comment
    out.date_original = xmp.parse_date(exif_text(sub.get(_DATETIME_ORIGINAL)) or "")
    out.date_modified = xmp.parse_date(exif_text(exif.get(_DATETIME)) or "")
    try:
        gps = exif.get_ifd(_GPS_IFD)
    except Exception:  # noqa: BLE001
        gps = {}
    pos = _gps(gps) if gps else None
    if pos:
        out.lat, out.lon = pos


def embedded_xmp(im: Image.Image) -> bytes | str | None:
    for key in ("xmp", "XML:com.adobe.xmp"):
        found: bytes | str | None = im.info.get(key)
        if found:
            return found
    for marker, payload in getattr(im, "applist", []):  # older Pillow: not in info yet
        if marker == "APP1" and payload.startswith(_XMP_APP1):
            xmp_app1: bytes = payload[len(_XMP_APP1):]
            return xmp_app1
    tag = getattr(im, "tag_v2", None)
    if tag is not None:
        tiff_xmp: bytes | str | None = tag.get(700)
        if tiff_xmp:
            return tiff_xmp
    return None


def exif_time(exif: Image.Exif) -> float | None:
    """EXIF DateTimeOriginal (else DateTimeDigitized, else DateTime) as a POSIX timestamp in
    local time, or None (the decoder's ``taken``)."""
    value = None
    try:
        sub = exif.get_ifd(_EXIF_IFD)
        value = sub.get(0x9003) or sub.get(0x9004)  # DateTimeOriginal, DateTimeDigitized
    except Exception:
        pass
    value = value or exif.get(0x0132)  # DateTime
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").timestamp()
    except ValueError:
        return None
