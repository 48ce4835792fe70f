"""Near-duplicates and similar shots, found through the index, never by comparing all pairs.

1. The k-nearest-neighbour graph: every vector asks the hnsw index for its ``KNN`` nearest
   vectors (batched queries); edges with a cosine of at least ``GRAPH_FLOOR`` are kept. That
   is n queries, not n^2/2 comparisons: 100,000 photos take a minute or two on 2 cores
   (``benchmarks/bench_organize.py``). The graph is cached on disk and brought up to date
   incrementally (only new vectors are queried), so the window's threshold slider can
   re-group in milliseconds.
2. Two signals say "the same picture": the cosine (>= the threshold), or the 64-bit DCT
   perceptual hashes of the thumbnails (``photorec.core.ingest.phash``) within ``PHASH_MAX`` bits
   with a cosine above ``PHASH_FLOOR``. The hash catches what the CNN reads a little
   differently (a copy shrunk to a third and saved at JPEG quality 35); it is computed once
   per content from the thumbnail cache and stored in the catalog.
3. Groups: complete linkage against the keeper. The connected components of the "same" edges
   (numpy union-find; optionally only between photos taken within N seconds: bursts) are
   candidates; in each the keeper is chosen, its members are the photos linked *to the
   keeper*, and the rest form groups of their own the same way, so a chain a~b~c never puts
   c in a's group. Exact copies (one content key, several files) are always duplicates. A
   component larger than ``MAX_GROUP`` is first split by raising the threshold inside it.
4. A cheap check on what is left: two photos whose 4x4 colour layouts differ wildly (a white
   picture and a black one, which some CNNs find 0.95 alike) are never duplicates.
5. Each group suggests the photo to keep, the original, and says why in words that tell it
   apart from the others (``keeper``): more pixels only where they hold detail (an enlarged
   copy's do not, ``detail``), less JPEG compression, then the earliest capture date, the
   oldest file, the folder added first; byte-identical files (compared, not assumed) say so.
   The colour layout is measured on the cached thumbnail once per content and stored.
6. "Not duplicates" and "keep all" decisions are pairs of content keys in the catalog: they
   survive rescans, moves and renames, and the edges between decided photos are dropped, so
   such a group does not come back (unless a new look-alike joins it).

Default thresholds were measured on the 79 shared test photos and altered copies (see
``MODEL_THRESHOLDS`` and ``benchmarks/bench_organize.py --thresholds``).

Modules: ``graph`` (the graph and how it is cut), ``build`` (building, caching, hashes),
``keeper`` (quality and the keeper), ``decisions``, ``groups``; the SQL is in
``photorec.core.store.duplicates``.
"""
from __future__ import annotations

from photorec.core.organize.duplicates.build import (  # noqa: F401
                                            attach_phashes,
                                            build_graph,
                                            graph_path,
                                            load_graph,
                                            neighbour_graph,
                                            update_graph,
)
from photorec.core.organize.duplicates.decisions import Decisions, decide, load_decisions, undo_decisions  # noqa: F401
from photorec.core.organize.duplicates.graph import (  # noqa: F401
                                            GRAPH_EF,
                                            GRAPH_FLOOR,
                                            GRAPH_VERSION,
                                            KNN,
                                            MAX_GROUP,
                                            PHASH_FLOOR,
                                            PHASH_MAX,
                                            Cancelled,
                                            NeighbourGraph,
                                            complete_linkage,
                                            components,
                                            save_graph,
)
from photorec.core.organize.duplicates.groups import (  # noqa: F401
                                            SIGNATURE_VETO,
                                            Group,
                                            Member,
                                            find_groups,
                                            groups_from_graph,
                                            mark_mirrored,
)
from photorec.core.organize.duplicates.keeper import (  # noqa: F401
                                            LOW_JPEG_QUALITY,
                                            Quality,
                                            choose_keeper,
                                            identical_files,
                                            jpeg_quality,
                                            measure_image,
                                            quality_of,
)
from photorec.core.organize.duplicates.thresholds import FALLBACK_THRESHOLDS, MODEL_THRESHOLDS, MODES, default_threshold  # noqa: F401
from photorec.core.store.duplicates import ensure_schema  # noqa: F401
