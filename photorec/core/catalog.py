"""Kept so that ``from photorec.core.catalog import Photo, Catalog, ...`` goes on working in the
modules of other features: the catalog lives in :mod:`photorec.core.store`."""

from photorec.core.store import *  # noqa: F401,F403
from photorec.core.store import __all__  # noqa: F401
