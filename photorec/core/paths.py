"""Where photorec keeps its data: the one module that knows the paths.

Everything else asks a :class:`LibraryPaths` for a path. ``--data-dir DIR`` (or the
``PHOTOREC_DATA_DIR`` environment variable) puts the whole library, catalog, index,
thumbnail cache and logs, under one folder; otherwise platformdirs' per-user folders are used.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from photorec.core.errors import NotWritable

APP_NAME = "photorec"

ENV_DATA_DIR = "PHOTOREC_DATA_DIR"


@dataclass(frozen=True)
class LibraryPaths:
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> LibraryPaths:
        """Paths for the library at ``data_dir``, or the per-user default one."""
        override = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
        if override is not None:
            root = Path(override).expanduser().resolve()
            return cls(data_dir=root, cache_dir=root / "cache", log_dir=root / "logs")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def catalog(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    def index_file(self, model_key: str) -> Path:
        return self.data_dir / f"index-{model_key}.hnsw"

    @property
    def thumbs_dir(self) -> Path:
        return self.cache_dir / "thumbs"

    def thumb_path(self, content_key: str) -> Path:
        return self.thumbs_dir / content_key[:2] / f"{content_key}.jpg"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "photorec.log"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.ini"

    def instance_key(self) -> str:
        """A short stable key for this library (used to name the single-instance socket)."""
        return hashlib.sha1(str(self.data_dir).encode("utf-8")).hexdigest()[:12]

    def ensure(self) -> LibraryPaths:
        """Create the folders; raises OSError with the path if that is impossible."""
        for d in (self.data_dir, self.cache_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
            if not os.access(d, os.W_OK):
                raise NotWritable(d)
        return self
