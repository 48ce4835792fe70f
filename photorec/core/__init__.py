"""The Qt-free engine of photorec: scanning, decoding, embedding, catalog, index, search."""
