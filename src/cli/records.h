/* Small XML record files: the batch manifest (OUT/manifest.xml) and the
 * archive index (DIR/archive.xml).  A file is a root element holding one
 * element per record, each a flat set of attributes.  Read and written with
 * libxml2 (through dc_xml_read: a DOCTYPE is refused); saved through a
 * commit set, so the file on disk is always whole. */
#ifndef DC_RECORDS_H
#define DC_RECORDS_H

#include "core.h"

#define DC_RECORD_MAX_ATTRS 16

struct dc_record {
    int n;
    char *key[DC_RECORD_MAX_ATTRS];
    char *val[DC_RECORD_MAX_ATTRS];
};

struct dc_records {
    char *root; /* root element name */
    char *elem; /* record element name */
    struct dc_record *recs;
    int n, cap;
};

/* Loads `path`; a missing file gives an empty set.  Returns DC_ERR_INPUT
 * (with a message in diag) when the file is there but unreadable or not a
 * file of this kind. */
enum dc_status dc_records_load(struct dc_records *r, const char *path,
                               const char *root, const char *elem,
                               struct dc_diag *diag);
enum dc_status dc_records_save(const struct dc_records *r, const char *path,
                               struct dc_diag *diag);
/* Stages the file in `commit`, to be replaced together with its other
 * files when the caller applies it. */
enum dc_status dc_records_stage(const struct dc_records *r, const char *path,
                                struct dc_commit *commit,
                                struct dc_diag *diag);
void dc_records_free(struct dc_records *r);

const char *dc_record_get(const struct dc_record *rec, const char *key);
void dc_record_set(struct dc_record *rec, const char *key, const char *val);
/* The first record whose `key` equals `val`, or NULL. */
struct dc_record *dc_records_find(struct dc_records *r, const char *key,
                                  const char *val);
struct dc_record *dc_records_add(struct dc_records *r);

#endif
