"""A photo found by a vector search: what :meth:`Library.similar` and "more like these" give."""

from __future__ import annotations

from dataclasses import dataclass, field

from photorec.core.store import Photo


@dataclass
class Match:
    path: str
    score: float
    photo_id: int
    offline: bool = False
    photo: Photo | None = field(default=None, repr=False, compare=False)  # its catalog row
    mirrored: bool = False  # a mirrored copy of the query (Library.similar_to_vector marks it)
