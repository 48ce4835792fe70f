"""The one table of words of core's codes: code -> (English template with %1, %2..., the
argument names for %1, %2... in order). ``tools/update_translations.py`` reads this file into
the command line's catalog (context "core"); the CLI and the window translate by code."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks ``text`` for lupdate (translated later with ``translate(context, text)``)."""
    return text


# code -> (English template with %1, %2..., the argument names for %1, %2... in order)
WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # -- why a file could not be read (decode, the indexer) ---------------------------------
    "file_gone": (QT_TRANSLATE_NOOP("core", "file not found (moved or deleted during the scan)"), ()),
    "no_permission": (QT_TRANSLATE_NOOP("core", "permission denied: photorec may not read this file"), ()),
    "is_folder": (QT_TRANSLATE_NOOP("core", "is a folder, not a file"), ()),
    "empty_file": (QT_TRANSLATE_NOOP("core", "empty file (0 bytes)"), ()),
    "unknown_format": (QT_TRANSLATE_NOOP("core", "not an image, or a format photorec cannot read"), ()),
    "truncated": (QT_TRANSLATE_NOOP("core", "truncated file (incomplete copy or download?)"), ()),
    "corrupt": (QT_TRANSLATE_NOOP("core", "corrupt or unreadable image: %1"), ("detail",)),
    "no_memory": (QT_TRANSLATE_NOOP("core", "not enough memory to decode this image"), ()),
    "no_pixels": (QT_TRANSLATE_NOOP("core", "image has no pixels"), ()),
    "too_large": (QT_TRANSLATE_NOOP("core", "image too large: over the %1 MP limit photorec decodes"),
                  ("limit",)),
    "too_many_pixels": (QT_TRANSLATE_NOOP("core", "image too large: %1x%2 pixels is over the %3 MP limit"),
                        ("width", "height", "limit")),
    "decode_too_large": (QT_TRANSLATE_NOOP("core", "image too large to decode in memory: this %1x%2 %3 needs about "
                                                   "%4 MB at once, and photorec decodes up to %5 MB per image (save "
                                                   "it as JPEG, or as a non-interlaced 8-bit PNG)"),
                         ("width", "height", "kind", "needed", "limit")),
    "needs_extra": (QT_TRANSLATE_NOOP("core", "%1 photos need the optional HEIF support: install it with %2"),
                    ("format", "command")),
    "cannot_read_file": (QT_TRANSLATE_NOOP("core", "cannot read the file: %1"), ("detail",)),
    "not_regular": (QT_TRANSLATE_NOOP("core", "not a regular file (a device, pipe or socket)"), ()),
    "kept_changing": (QT_TRANSLATE_NOOP("core", "the file kept changing while photorec read it; the next "
                                                "scan reads it again"), ()),
    "unexpected": (QT_TRANSLATE_NOOP("core", "unexpected error: %1"), ("detail",)),
    "cancelled": (QT_TRANSLATE_NOOP("core", "cancelled"), ()),
    "lost_vector": (QT_TRANSLATE_NOOP("core", "internal: lost the vector of this content; rescan to "
                                              "retry"), ()),
    "name_not_utf8": (QT_TRANSLATE_NOOP("core", "photorec cannot store this file name in its catalog "
                                                "(it is not valid UTF-8); rename the file and scan "
                                                "again"), ()),
    "unstorable": (QT_TRANSLATE_NOOP("core", "photorec cannot store this file in its catalog: %1"),
                   ("detail",)),
    # -- library folders (scan) ------------------------------------------------------------
    "folder_not_found": (QT_TRANSLATE_NOOP("core", "folder not found (drive unplugged or share not "
                                                   "mounted?)"), ()),
    "not_a_folder": (QT_TRANSLATE_NOOP("core", "not a folder"), ()),
    "folder_no_permission": (QT_TRANSLATE_NOOP("core", "permission denied"), ()),
    "cannot_read_folder": (QT_TRANSLATE_NOOP("core", "cannot read the folder: %1"), ("detail",)),
    # -- query images ------------------------------------------------------------------------
    "query_folder": (QT_TRANSLATE_NOOP("core", "%1 is a folder: photorec only reads regular image files "
                                               "as a query"), ("path",)),
    "query_folder_link": (QT_TRANSLATE_NOOP("core", "%1 is a folder (it links to %2): photorec only "
                                                    "reads regular image files as a query"),
                          ("path", "target")),
    "query_not_file": (QT_TRANSLATE_NOOP("core", "%1 is %2, not an image file: photorec only reads "
                                                 "regular image files as a query"), ("path", "kind")),
    "query_not_file_link": (QT_TRANSLATE_NOOP("core", "%1 is %2, not an image file (it links to %3): "
                                                      "photorec only reads regular image files as a "
                                                      "query"), ("path", "kind", "target")),
    "kind_fifo": (QT_TRANSLATE_NOOP("core", "a named pipe (FIFO)"), ()),
    "kind_char_device": (QT_TRANSLATE_NOOP("core", "a character device"), ()),
    "kind_block_device": (QT_TRANSLATE_NOOP("core", "a block device"), ()),
    "kind_socket": (QT_TRANSLATE_NOOP("core", "a socket"), ()),
    "kind_other": (QT_TRANSLATE_NOOP("core", "not a regular file"), ()),
    "query_too_big": (QT_TRANSLATE_NOOP("core", "%1 is %2 MB: photorec reads query images of up to %3 MB"),
                      ("path", "mb", "limit_mb")),
    "query_grew": (QT_TRANSLATE_NOOP("core", "%1 is over %2 MB: photorec reads query images of up to %3 MB"),
                   ("path", "limit_mb", "limit_mb")),
    "not_found": (QT_TRANSLATE_NOOP("core", "file not found"), ()),
    "dangling_link": (QT_TRANSLATE_NOOP("core", "file not found (a link to a file that is gone)"), ()),
    "cannot_open_file": (QT_TRANSLATE_NOOP("core", "cannot open the file: %1"), ("detail",)),
    # -- the library, themes, more-like, tags ------------------------------------------------
    "library_read_only": (QT_TRANSLATE_NOOP("core", "this library is open read-only"), ()),
    "indexing_elsewhere": (QT_TRANSLATE_NOOP("core", "another photorec process is indexing this library "
                                                     "(%1); wait for it to finish, then run again"),
                           ("progress",)),
    "read_only": (QT_TRANSLATE_NOOP("core", "the library is open read-only"), ()),
    "not_a_library_folder": (QT_TRANSLATE_NOOP("core", "%1 is not a library folder"), ("folder",)),
    "no_indexed_photos": (QT_TRANSLATE_NOOP("core", "the library has no indexed photos yet"), ()),
    "choose_a_photo": (QT_TRANSLATE_NOOP("core", "choose at least one photo to find more like it"), ()),
    "not_writable": (QT_TRANSLATE_NOOP("core", "photorec cannot write to %1"), ("path",)),
    "data_folder": (QT_TRANSLATE_NOOP("core", "cannot use the data folder %1: %2"), ("path", "cause")),
    "model_unusable": (QT_TRANSLATE_NOOP("core", "%1 (reinstall photorec, or unset PHOTOREC_MODEL)"),
                       ("cause",)),
    "model_no_dim": (QT_TRANSLATE_NOOP("core", "the model card of %1 has no output_dim"), ("path",)),
    "tag_empty": (QT_TRANSLATE_NOOP("core", "a tag cannot be empty"), ()),
    "tag_too_long": (QT_TRANSLATE_NOOP("core", "a tag is at most 200 characters"), ()),
    "tag_folder_prefix": (QT_TRANSLATE_NOOP("core", "tags starting with '%1' are the photos' folders; "
                                                    "choose another name"), ("prefix",)),
    "not_indexed": (QT_TRANSLATE_NOOP("core", "not in the library (index it first): %1"), ("paths",)),
    "no_such_file": (QT_TRANSLATE_NOOP("core", "no such file: %1"), ("paths",)),
    "theme_count": (QT_TRANSLATE_NOOP("core", "%1 themes is more than %2 photos can fill: at most %3 (%4 photos "
                                              "a theme on average)"), ("k", "photos", "most", "per")),
    "not_indexed_more": (QT_TRANSLATE_NOOP("core", "not in the library (index it first): %1 and %2 more"),
                         ("paths", "more")),
    "not_in_library": (QT_TRANSLATE_NOOP("core", "not in the library: %1"), ("paths",)),
    "too_few_tagged": (QT_TRANSLATE_NOOP("core", "tag at least %1 photos (with tags used at least %2 "
                                                 "times) to get suggestions; %3 so far"),
                       ("needed", "per_tag", "tagged")),
    "tags_cannot_write": (QT_TRANSLATE_NOOP("core", "cannot write %1: %2"), ("path", "detail")),
    "tags_cannot_read": (QT_TRANSLATE_NOOP("core", "cannot read %1: %2"), ("path", "detail")),
    "tags_no_key": (QT_TRANSLATE_NOOP("core", "not found, and no content key in the file"), ()),
    "tags_csv_header": (QT_TRANSLATE_NOOP("core", "%1: a CSV needs a header with at least 'path' and "
                                                  "'tag'"), ("path",)),
    "tags_not_a_file": (QT_TRANSLATE_NOOP("core", "%1 is not a photorec tags file (%2)"),
                        ("path", "detail")),
    # -- the model ---------------------------------------------------------------------------
    "model_not_found": (QT_TRANSLATE_NOOP("core", "model file not found: %1"), ("path",)),
    "model_card_unreadable": (QT_TRANSLATE_NOOP("core", "model card %1 is unreadable: %2"),
                              ("path", "detail")),
    "model_cannot_load": (QT_TRANSLATE_NOOP("core", "cannot load the model %1: %2"), ("path", "detail")),
    "no_provider": (QT_TRANSLATE_NOOP("core", "execution provider %1 is not available here; available: %2"),
                    ("provider", "available")),
    "head_damaged": (QT_TRANSLATE_NOOP("core", "the classifier head resource is missing or damaged (%1); "
                                               "reinstall photorec"), ("detail",)),
    "class_names_damaged": (QT_TRANSLATE_NOOP("core", "the class names resource is missing or damaged "
                                                      "(%1); reinstall photorec"), ("detail",)),
    "class_names_count": (QT_TRANSLATE_NOOP("core", "the class names resource does not hold 1000 classes; "
                                                    "reinstall photorec"), ()),
    "head_other_model": (QT_TRANSLATE_NOOP("core", "vectors have %1 dimensions, the classifier head wants "
                                                   "%2: they come from another model"), ("dim", "wants")),
    # -- the catalog -------------------------------------------------------------------------
    "no_library": (QT_TRANSLATE_NOOP("core", "no library at %1 (nothing indexed yet)"), ("path",)),
    "data_folder_create": (QT_TRANSLATE_NOOP("core", "cannot create the data folder %1: %2"),
                           ("path", "detail")),
    "catalog_open": (QT_TRANSLATE_NOOP("core", "cannot open the catalog %1: %2"), ("path", "detail")),
    "catalog_damaged": (QT_TRANSLATE_NOOP("core", "the catalog %1 is damaged (%2); run 'photorec repair' "
                                                  "to keep a copy of it and recover what can be read"),
                        ("path", "detail")),
    "catalog_read_only": (QT_TRANSLATE_NOOP("core", "the catalog %1 cannot be written (%2): the disk or "
                                                    "folder is read-only; searching still works, changes "
                                                    "need a writable disk"), ("path", "detail")),
    "library_opened_read_only": (QT_TRANSLATE_NOOP("core", "the library at %1 is open read-only: changes "
                                                           "cannot be saved"), ("path",)),
    "catalog_io": (QT_TRANSLATE_NOOP("core", "cannot read or write the catalog %1: %2"), ("path", "detail")),
    "disk_full": (QT_TRANSLATE_NOOP("core", "disk full: %1 photos saved, run again when there is space"),
                  ("saved",)),
    "disk_full_one": (QT_TRANSLATE_NOOP("core", "disk full: 1 photo saved, run again when there is space"),
                      ("saved",)),
    "disk_full_unknown": (QT_TRANSLATE_NOOP("core", "disk full: what was indexed so far is saved, run again "
                                                    "when there is space"), ("saved",)),
    "index_damaged": (QT_TRANSLATE_NOOP("core", "the index file in %1 was damaged (%2); it is rebuilt from "
                                                "the catalog"), ("folder", "detail")),
    # faces_damaged: the face data failed its check (store/face_check.py) and was rebuilt;
    # which words: see errors._VARIANTS
    "faces_damaged": (QT_TRANSLATE_NOOP("core", "the face data of %1 photos in the catalog was damaged "
                                                "(%2 faces dropped); those photos are searched for "
                                                "faces again"), ("photos", "faces")),
    "faces_damaged_one": (QT_TRANSLATE_NOOP("core", "the face data of 1 photo in the catalog was damaged "
                                                    "(%2 faces dropped); it is searched for faces "
                                                    "again"), ("photos", "faces")),
    "faces_damaged_tables": (QT_TRANSLATE_NOOP("core", "the face tables of the catalog could not be read "
                                                       "(%1: %2); they were made again empty and every "
                                                       "photo is searched for faces again; named people "
                                                       "keep their names"), ("tables", "detail")),
    "faces_damaged_people": (QT_TRANSLATE_NOOP("core", "the face tables of the catalog could not be read "
                                                       "(%1: %2); they were made again empty, the names "
                                                       "given to people lost with them, and every photo "
                                                       "is searched for faces again"), ("tables", "detail")),
    "metadata_problem": (QT_TRANSLATE_NOOP("core", "metadata: %1 (the photo is indexed)"), ("problem",)),
    "index_save": (QT_TRANSLATE_NOOP("core", "cannot save the index in %1: %2"), ("path", "detail")),
    "no_folder_id": (QT_TRANSLATE_NOOP("core", "no library folder with id %1"), ("folder_id",)),
    "nothing_to_repair": (QT_TRANSLATE_NOOP("core", "no catalog at %1: nothing to repair"), ("path",)),
    "repair_no_copy": (QT_TRANSLATE_NOOP("core", "cannot keep a copy of %1 before repairing it (%2); free "
                                                 "some space or copy it elsewhere by hand, then run "
                                                 "repair again"), ("path", "detail")),
    "catalog_too_new": (QT_TRANSLATE_NOOP("core", "the catalog %1 was made by a newer photorec (schema %2, "
                                                  "this one knows %3): update photorec to open it"),
                        ("path", "version", "known")),
    "migration_broke": (QT_TRANSLATE_NOOP("core", "migration %1 of %2 broke %3 references"),
                        ("number", "path", "count")),
    # -- why a duplicate group keeps the photo it keeps (organize.duplicates.keeper) ----------
    # "keeper": its reasons (a list: "a, b and c"), capitalised, and whether it is offline
    "keeper": ("%1", ("reasons",)),
    "keeper_offline": (QT_TRANSLATE_NOOP("core", "%1 (in an offline folder)"), ("reasons",)),
    "keep_only": (QT_TRANSLATE_NOOP("core", "the only photo"), ()),
    "keep_largest_resolution": (QT_TRANSLATE_NOOP("core", "largest resolution (%1)"), ("size",)),
    "keep_full_resolution": (QT_TRANSLATE_NOOP("core", "full resolution (%1)"), ("size",)),
    "keep_sharpest": (QT_TRANSLATE_NOOP("core", "sharpest"), ()),
    "keep_better_format": (QT_TRANSLATE_NOOP("core", "better format: %1"), ("format",)),
    "keep_lossless": (QT_TRANSLATE_NOOP("core", "lossless (%1)"), ("format",)),
    "keep_less_compressed": (QT_TRANSLATE_NOOP("core", "less compressed than the others"), ()),
    "keep_less_compressed_than": (QT_TRANSLATE_NOOP("core", "less compressed than %1"), ("name",)),
    "keep_capture_time": (QT_TRANSLATE_NOOP("core", "has its capture time (EXIF)"), ()),
    "keep_largest_file": (QT_TRANSLATE_NOOP("core", "largest file (%1)"), ("size",)),
    "keep_oldest": (QT_TRANSLATE_NOOP("core", "the oldest file (likely the original)"), ()),
    "keep_identical": (QT_TRANSLATE_NOOP("core", "identical files: %1"), ("reasons",)),
    "keep_earliest_capture": (QT_TRANSLATE_NOOP("core", "the earliest capture date (%1)"), ("day",)),
    "keep_oldest_file": (QT_TRANSLATE_NOOP("core", "the oldest file (%1)"), ("day",)),
    "keep_folder_first": (QT_TRANSLATE_NOOP("core", "in the folder added first (%1)"), ("folder",)),
    "keep_shorter_name": (QT_TRANSLATE_NOOP("core", "the shorter name"), ()),
    "keep_first_by_name": (QT_TRANSLATE_NOOP("core", "first by name"), ()),
    "keep_measured_from": (QT_TRANSLATE_NOOP("core", "the photo the group was measured from"), ()),
    "keep_exact_copies": (QT_TRANSLATE_NOOP("core", "exact copies: kept the oldest file"), ()),
    "keep_best_overall": (QT_TRANSLATE_NOOP("core", "best overall on resolution, sharpness, size and "
                                                    "format"), ()),
    # -- shapes ------------------------------------------------------------------------------
    "path_reason": (QT_TRANSLATE_NOOP("core", "%1: %2"), ("path", "reason")),
    "text": ("%1", ("text",)),  # words photorec did not write (an old catalog's, the system's)
}
