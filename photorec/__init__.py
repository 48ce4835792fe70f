"""photorec: find similar photos in your own photo library, offline."""

__version__ = "0.1.0"
