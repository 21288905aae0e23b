/* Drives the XLSX writer alone: parse, lay out with the PDF's font metrics,
 * write the workbook, and with --time print how long the writer took (the
 * benchmark reads it; `disclose render` times the whole run).
 *   xlsx_driver [--time] [--runs N] -o OUT.xlsx SOURCE
 * Exit 0 written, 1 the writer failed, 2 usage or unparsable input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fontmap.h"
#include "layout.h"
#include "parse.h"
#include "pdf.h"
#include "xlsx.h"

static double
ms_since(clockid_t clock, const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(clock, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    const char *out = NULL, *src = NULL;
    int timed = 0, runs = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--time") == 0)
            timed = 1;
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && !src)
            src = argv[i];
        else
            src = NULL, i = argc;
    }
    if (!out || !src || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: xlsx_driver [--time] [--runs N] -o OUT.xlsx "
                        "SOURCE\n");
        return 2;
    }
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    int rc = 2;
    struct dc_doc *doc = NULL;
    struct dc_pdf *pdf = NULL;
    struct dc_display *display = NULL;
    struct dc_layout_decisions *dec = NULL;
    double *ms = calloc((size_t)runs, sizeof *ms);
    double *cpu = calloc((size_t)runs, sizeof *cpu);
    struct dc_tabledefs *defs =
        dc_tabledefs_load(dc_tabledefs_default_dir(), &diag);
    struct dc_fontmap *map = dc_fontmap_load(dc_fontmap_default_path(), &diag);
    if (!defs || !map || !ms || !cpu)
        goto done;
    doc = dc_parse_file(src, 0, defs, &diag);
    if (!doc || diag.nerrors > 0)
        goto done;
    pdf = dc_pdf_new(map, &diag);
    if (!pdf ||
        dc_layout_run(doc, dc_pdf_metrics(pdf), &diag, &display, &dec) != DC_OK)
        goto done;
    rc = 0;
    for (int k = 0; k < runs && rc == 0; k++) {
        struct timespec t0, c0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        struct dc_tmp_env tmp = {getenv("TMPDIR"), getenv("XDG_RUNTIME_DIR")};
        struct dc_commit *commit = dc_commit_new();
        if (dc_xlsx_stage(doc, dec, map, &tmp, out, commit, &diag) != DC_OK ||
            dc_commit_apply(commit, &diag) != DC_OK)
            rc = 1;
        dc_commit_free(commit);
        ms[k] = ms_since(CLOCK_MONOTONIC, &t0);
        cpu[k] = ms_since(CLOCK_PROCESS_CPUTIME_ID, &c0);
    }
    if (rc == 0 && timed) {
        qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
        qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
        printf("xlsx writer: wall median %.1f ms (best %.1f), CPU median "
               "%.1f ms (best %.1f), %d runs\n",
               ms[runs / 2], ms[0], cpu[runs / 2], cpu[0], runs);
    }
done:
    free(ms);
    free(cpu);
    dc_layout_decisions_free(dec);
    dc_display_free(display);
    dc_pdf_free(pdf);
    dc_doc_free(doc);
    dc_fontmap_free(map);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
