"""The store: the catalog (SQLite, the truth of a library), its connections and migrations.

The names most modules need, re-exported.
"""

from photorec.core.errors import CatalogDamaged, CatalogError, CatalogReadOnly, DiskFull, DiskFullError, NoLibrary
from photorec.core.store.catalog import (
    INDEXING_KEY,
    VECTOR_DTYPE,
    Catalog,
    Folder,
    Photo,
    pack_vector,
)
from photorec.core.store.db import adapt_param
from photorec.core.store.display import display_path, display_text, json_safe
from photorec.core.store.migrations import SCHEMA_VERSION

__all__ = [
    "INDEXING_KEY", "SCHEMA_VERSION", "VECTOR_DTYPE", "Catalog", "CatalogDamaged", "CatalogError",
    "CatalogReadOnly", "DiskFull", "DiskFullError", "NoLibrary", "Folder", "Photo", "adapt_param",
    "display_path", "display_text", "json_safe",
    "pack_vector",
]
