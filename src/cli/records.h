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

/* An append-only journal beside a records file: each record changed since
 * the file was last saved, one line each, so that a long run need not
 * rewrite the whole file after every record.  Its first line names the
 * SHA-256 of the file it extends ("-": none); a journal that extends
 * another file (the file was saved again since, by this program or an
 * older one that knows no journal) is stale and ignored.  Each record is
 * a line "record KEY=VALUE…" (dc_field_put) and the CRC-32 of what
 * precedes it on the line: a line cut short by a power loss ends the
 * journal.  Lines are appended without fsync: a journal only spares the
 * next run work, and a record lost costs that document's render again,
 * never a false record.
 *
 * Replays the journal `journal` of the file `path` into `r` (a record
 * replaces the one with the same `key`, or is added).  Returns the
 * journal's length up to its last whole line, or -1 when there is no
 * journal, or a stale or damaged one. */
long dc_records_replay(struct dc_records *r, const char *path,
                       const char *journal, const char *key);
/* Opens `journal` for appending: the whole lines of a journal that
 * replayed (`keep`, its length as replay returned), else a new one
 * extending `path` as it is now.  -1 (errno set) when it cannot be. */
int dc_records_journal_open(const char *path, const char *journal, long keep);
/* Appends `rec` to the journal open as `fd`: one write().  DC_ERR_IO on
 * failure. */
enum dc_status dc_records_journal_append(int fd, const struct dc_record *rec);

const char *dc_record_get(const struct dc_record *rec, const char *key);
void dc_record_set(struct dc_record *rec, const char *key, const char *val);
/* The first record whose `key` equals `val`, or NULL. */
struct dc_record *dc_records_find(struct dc_records *r, const char *key,
                                  const char *val);
struct dc_record *dc_records_add(struct dc_records *r);

#endif
