/* Unit tests for src/core: decimals, UTF-8, buffers, diagnostics. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "i18n.h"

static struct dc_decimal
dec(const char *s)
{
    struct dc_decimal d = {0, 0};
    ck_assert_msg(dc_decimal_parse(s, strlen(s), &d), "parse %s", s);
    return d;
}

/* A spool gives back whole pages of what is done with, once
 * DC_SPOOL_STEP bytes of them have gathered; the rest stays as written. */
START_TEST(spool_gives_back)
{
    struct dc_spool s;
    size_t cap = 3 * DC_SPOOL_STEP + 100;
    unsigned char *p = dc_spool_alloc(&s, cap);
    ck_assert_ptr_eq(p, s.base);
    ck_assert_int_eq(s.mapped, 1);
    for (size_t i = 0; i < cap; i++)
        p[i] = (unsigned char)(i * 7);
    dc_spool_drop(&s, DC_SPOOL_STEP - 1); /* not a step yet */
    ck_assert_uint_eq(s.dropped, 0);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    dc_spool_drop(&s, DC_SPOOL_STEP + 10);
    ck_assert_uint_eq(s.dropped, DC_SPOOL_STEP); /* whole pages */
    ck_assert_uint_eq(s.dropped % page, 0);
    dc_spool_drop(&s, DC_SPOOL_STEP + 2 * page); /* again not a step */
    ck_assert_uint_eq(s.dropped, DC_SPOOL_STEP);
    dc_spool_drop(&s, 100 * DC_SPOOL_STEP); /* no further than its end */
    ck_assert_uint_eq(s.dropped, (cap / page) * page);
    for (size_t i = s.dropped; i < cap; i++)
        ck_assert_uint_eq(p[i], (unsigned char)(i * 7));
    dc_spool_free(&s);
    ck_assert_ptr_null(s.base);
    /* a small one is on the heap and kept whole */
    p = dc_spool_alloc(&s, 100);
    ck_assert_int_eq(s.mapped, 0);
    memset(p, 1, 100);
    dc_spool_drop(&s, 100);
    ck_assert_uint_eq(s.dropped, 0);
    dc_spool_free(&s);
}
END_TEST

START_TEST(decimal_parse_values)
{
    struct dc_decimal d = dec("3192");
    ck_assert_int_eq(d.units, 3192);
    ck_assert_int_eq(d.scale, 0);
    d = dec("44.43");
    ck_assert_int_eq(d.units, 4443);
    ck_assert_int_eq(d.scale, 2);
    d = dec("-0.5");
    ck_assert_int_eq(d.units, -5);
    ck_assert_int_eq(d.scale, 1);
    d = dec("1,234.50");
    ck_assert_int_eq(d.units, 123450);
    ck_assert_int_eq(d.scale, 2);
    d = dec("2373.98");
    ck_assert_int_eq(d.units, 237398);
}
END_TEST

START_TEST(decimal_parse_rejects)
{
    static const char *const bad[] = {"", "-", "1.", ".5", "12a", "1,23",
                                      "1,2345", "1.2.3", "1e5", "12,34.5",
                                      "99999999999999999999", "0.0000000001",
                                      "53　", "=100%", "１２"};
    struct dc_decimal d;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!dc_decimal_parse(bad[i], strlen(bad[i]), &d),
                      "accepted \"%s\"", bad[i]);
}
END_TEST

START_TEST(decimal_arithmetic)
{
    struct dc_decimal a = dec("79.5"), b = dec("4.5"), c = dec("21"),
                      e = dec("54");
    struct dc_decimal sum = dc_decimal_add(dc_decimal_add(b, c), e);
    ck_assert_int_eq(dc_decimal_cmp(sum, a), 0);
    ck_assert_int_eq(dc_decimal_cmp(dec("3197"), dec("3192")), 1);
    ck_assert_int_eq(dc_decimal_cmp(dec("0.10"), dec("0.1")), 0);
    struct dc_decimal diff = dc_decimal_sub(dec("2525"), dec("2525.01"));
    ck_assert_int_eq(diff.units, -1);
    ck_assert_int_eq(diff.scale, 2);
    char buf[32];
    dc_decimal_format(diff, buf, sizeof buf);
    ck_assert_str_eq(buf, "-0.01");
    dc_decimal_format(dec("1562.12"), buf, sizeof buf);
    ck_assert_str_eq(buf, "1562.12");
    dc_decimal_format(dc_decimal_rescale(dec("56.885"), 2), buf, sizeof buf);
    ck_assert_str_eq(buf, "56.89");
    dc_decimal_format(dc_decimal_rescale(dec("-56.885"), 2), buf, sizeof buf);
    ck_assert_str_eq(buf, "-56.89");
    ck_assert(dc_decimal_is_zero(dec("0.00")));
}
END_TEST

START_TEST(utf8_decode)
{
    uint32_t cp;
    ck_assert_int_eq(dc_utf8_decode("表", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x8868);
    ck_assert_int_eq(dc_utf8_decode("\xE3\x80\x80", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x3000);
    ck_assert_int_eq(dc_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x20000);
    /* invalid: lone continuation, overlong, surrogate, truncated, > 10FFFF */
    ck_assert_int_eq(dc_utf8_decode("\x80", 1, &cp), 0);
    ck_assert_int_eq(dc_utf8_decode("\xC0\xAF", 2, &cp), 0);
    ck_assert_int_eq(dc_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
    ck_assert_int_eq(dc_utf8_decode("\xE8\xA1", 2, &cp), 0);
    ck_assert_int_eq(dc_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
    ck_assert_uint_eq(dc_utf8_len("表1部门", strlen("表1部门")), 4);
    ck_assert(dc_is_han(0x4E00));
    ck_assert(!dc_is_han(0x3000));
    ck_assert(dc_is_space(0x3000));
    /* encoding gives back what decoding read, 1 to 4 bytes */
    static const uint32_t cps[] = {0x41, 0xE9, 0x7FF, 0x800, 0x8868, 0xFFFD,
                                   0x10000, 0x20000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char b[4];
        size_t n = dc_utf8_encode(b, cps[i]);
        ck_assert_uint_eq(n, cps[i] < 0x80      ? 1
                             : cps[i] < 0x800   ? 2
                             : cps[i] < 0x10000 ? 3
                                                : 4);
        ck_assert_int_eq(dc_utf8_decode(b, n, &cp), (int)n);
        ck_assert_uint_eq(cp, cps[i]);
    }
    char b[4];
    ck_assert_uint_eq(dc_utf8_encode(b, 0x8868), 3);
    ck_assert_int_eq(memcmp(b, "表", 3), 0);
}
END_TEST

/* One notion of a blank for trimming and squeezing alike. */
START_TEST(trim_and_squeeze)
{
    const char *s = "\xE3\x80\x80 合 计\t\n\xC2\xA0";
    size_t n = strlen(s);
    const char *t = dc_trim(s, &n);
    ck_assert_uint_eq(n, strlen("合 计"));
    ck_assert_int_eq(strncmp(t, "合 计", n), 0);
    n = 4;
    dc_trim(" \t\r\n", &n);
    ck_assert_uint_eq(n, 0);
    const char *w = "计";
    n = strlen(w);
    ck_assert_ptr_eq(dc_trim(w, &n), w);
    ck_assert_uint_eq(n, strlen(w));
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    ck_assert_str_eq(b.data, "合计");
    dc_squeeze(NULL, &b);
    ck_assert_str_eq(b.data, "");
    dc_buf_free(&b);
}
END_TEST

/* Blanks are found by their lead byte first (C2, E3, EF): the characters
 * that share one are kept, a byte that is not UTF-8 is kept and a blank
 * after it still found. */
START_TEST(blanks_by_lead_byte)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze("、\xEF\xBB\xBF，\xC2\xA9 \xE3\x80\x80x\xE3 y", &b);
    ck_assert_str_eq(b.data, "、，\xC2\xA9x\xE3y");
    dc_buf_free(&b);
    const char *s = "，合计、";
    size_t n = strlen(s);
    ck_assert_ptr_eq(dc_trim(s, &n), s);
    ck_assert_uint_eq(n, strlen(s));
    s = "\xEF\xBB\xBF合计\xE3\x80\x80";
    n = strlen(s);
    const char *t = dc_trim(s, &n);
    ck_assert_uint_eq(n, strlen("合计"));
    ck_assert_int_eq(strncmp(t, "合计", n), 0);
    ck_assert_str_eq(dc_skip_space("\xC2\xA0\xE3\x80\x80、"), "、");
}
END_TEST

/* dc_str_put: at most max bytes, within the array, always terminated. */
START_TEST(str_put_bounds)
{
    char code[8];
    ck_assert_uint_eq(dc_str_put(code, sizeof code, 0, "2010301", 3), 3);
    ck_assert_uint_eq(dc_str_put(code, sizeof code, 3, "01", 2), 5);
    ck_assert_str_eq(code, "20101");
    ck_assert_uint_eq(dc_str_put(code, sizeof code, 5, "9999", 9), 7);
    ck_assert_str_eq(code, "2010199");
    ck_assert_uint_eq(dc_str_put(code, sizeof code, 0, "", 5), 0);
    ck_assert_str_eq(code, "");
}
END_TEST

START_TEST(buf_and_arena)
{
    struct dc_buf b;
    dc_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        dc_buf_printf(&b, "%d,", i % 10);
    ck_assert_uint_eq(b.len, 2000);
    dc_buf_put_utf8(&b, 0x8868);
    ck_assert_str_eq(b.data + 2000, "表");
    char *s = dc_buf_detach(&b);
    ck_assert_ptr_null(b.data);
    free(s);

    struct dc_arena a;
    dc_arena_init(&a);
    char *big = dc_arena_alloc(&a, 200000);
    big[199999] = 'x';
    char *t = dc_arena_strndup(&a, "部门预算", 6);
    ck_assert_str_eq(t, "部门");
    dc_arena_release(&a);
}
END_TEST

START_TEST(diag_format)
{
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    dc_diag_report(&d, "budget.txt", 214, 9, DC_SEV_ERROR, "row total %s",
                   "1234.50");
    dc_diag_report(&d, "budget.txt", 0, 0, DC_SEV_WARNING, "whole file");
    ck_assert_uint_eq(d.nerrors, 1);
    ck_assert_uint_eq(d.nwarnings, 1);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_diag_format(&d.msgs[0], &b);
    ck_assert_str_eq(b.data, "budget.txt:214:9: error: row total 1234.50");
    dc_buf_clear(&b);
    dc_diag_format(&d.msgs[1], &b);
    ck_assert_str_eq(b.data, "budget.txt: warning: whole file");
    dc_buf_free(&b);
    dc_diag_free(&d);
}
END_TEST

/* GNU gettext's rule over the values the command read from the
 * environment (the library reads none itself). */
START_TEST(i18n_choose_by_gettext_rule)
{
    ck_assert_int_eq(dc_i18n_choose(NULL, NULL), DC_LANG_EN);
    ck_assert_int_eq(dc_i18n_choose("zh_CN.UTF-8", NULL), DC_LANG_ZH);
    ck_assert_int_eq(dc_i18n_choose("en_US.UTF-8", NULL), DC_LANG_EN);
    /* LANGUAGE: its first entry we have, and only outside C/POSIX */
    ck_assert_int_eq(dc_i18n_choose("en_US.UTF-8", "fr:zh_CN:en"), DC_LANG_ZH);
    ck_assert_int_eq(dc_i18n_choose("zh_CN.UTF-8", "en:zh"), DC_LANG_EN);
    ck_assert_int_eq(dc_i18n_choose("C", "zh_CN"), DC_LANG_EN);
    ck_assert_int_eq(dc_i18n_choose("POSIX", "zh_CN"), DC_LANG_EN);
    ck_assert_int_eq(dc_i18n_choose("C.UTF-8", "zh_CN"), DC_LANG_ZH);
    ck_assert_int_eq(dc_i18n_choose("de_DE.UTF-8", "fr:de"), DC_LANG_EN);
    ck_assert_int_eq(dc_i18n_choose("zhx", NULL), DC_LANG_EN);
}
END_TEST

/* A scratch file's positioned writes and reads: bytes where they were
 * put, a read past the end an error (EIO), a bad descriptor one too. */
START_TEST(scratch_pwrite_pread)
{
    int fd = dc_scratch_fd(NULL);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dc_pwrite_all(fd, "0123456789", 10, 0), 0);
    ck_assert_int_eq(dc_pwrite_all(fd, "abc", 3, 20), 0); /* a hole */
    char got[8] = "";
    ck_assert_int_eq(dc_pread_all(fd, got, 4, 3), 0);
    ck_assert(memcmp(got, "3456", 4) == 0);
    ck_assert_int_eq(dc_pread_all(fd, got, 3, 20), 0);
    ck_assert(memcmp(got, "abc", 3) == 0);
    errno = 0;
    ck_assert_int_eq(dc_pread_all(fd, got, 4, 21), -1);
    ck_assert_int_eq(errno, EIO);
    close(fd);
    ck_assert_int_eq(dc_pwrite_all(fd, "x", 1, 0), -1);
    ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* A spillable buffer holds its bytes in memory up to its budget and makes
 * no file meanwhile; past it they go to a scratch file, a block at a time,
 * and every byte reads back where it was appended, across the file and
 * the memory; a read past the end is an error (EIO). */
START_TEST(spill_in_memory_then_file)
{
    struct dc_spill s;
    dc_spill_init(&s, NULL);
    ck_assert_uint_eq(s.budget, DC_SPILL_BUDGET);
    s.budget = 1000;
    unsigned char all[20000];
    for (size_t i = 0; i < sizeof all; i++)
        all[i] = (unsigned char)(i * 7 + i / 251);
    size_t put = 0;
    /* pieces of 1 to 300 bytes, then one of several blocks */
    while (put < 15000) {
        size_t len = 1 + (put * 13) % 300;
        ck_assert_int_eq(dc_spill_append(&s, all + put, len), (int64_t)put);
        put += len;
        if (put <= 1000) /* within the budget: no file */
            ck_assert_int_eq(s.fd, -1);
        else
            ck_assert_int_ge(s.fd, 0);
        ck_assert_uint_le(s.mlen, 1000);
    }
    /* reads across the boundary of the file and the memory */
    unsigned char got[sizeof all];
    ck_assert_uint_gt(s.mlen, 20);
    for (int64_t from = s.flen - 300; from < s.flen + 20; from += 7) {
        size_t len = (size_t)(dc_spill_size(&s) - from);
        memset(got, 0, len);
        ck_assert_int_eq(dc_spill_read(&s, got, len, from), 0);
        ck_assert(memcmp(got, all + from, len) == 0);
    }
    /* nothing: nothing changes */
    ck_assert_int_eq(dc_spill_append(&s, NULL, 0), (int64_t)put);
    ck_assert_int_eq(dc_spill_size(&s), (int64_t)put);
    /* more than a block: straight to the file */
    ck_assert_int_eq(dc_spill_append(&s, all + put, sizeof all - put),
                     (int64_t)put);
    ck_assert_int_eq(s.flen, (int64_t)sizeof all);
    ck_assert_int_eq(dc_spill_size(&s), (int64_t)sizeof all);
    memset(got, 0, sizeof got);
    ck_assert_int_eq(dc_spill_read(&s, got, sizeof got, 0), 0);
    ck_assert(memcmp(got, all, sizeof all) == 0);
    errno = 0;
    ck_assert_int_eq(dc_spill_read(&s, got, 2, (int64_t)sizeof all - 1), -1);
    ck_assert_int_eq(errno, EIO);
    dc_spill_free(&s);
    ck_assert_int_eq(s.fd, -1);

    /* the default budget: 2 MB (the sample's display list, 1.3 MB) make
     * no file */
    dc_spill_init(&s, NULL);
    for (int k = 0; k < 100; k++)
        dc_spill_append(&s, all, sizeof all);
    ck_assert_int_eq(s.fd, -1);
    ck_assert_int_eq(dc_spill_read(&s, got, 100, 19950), 0);
    ck_assert(memcmp(got, all + 19950, 50) == 0);
    ck_assert(memcmp(got + 50, all, 50) == 0);
    dc_spill_free(&s);
}
END_TEST

static Suite *
core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *t = tcase_create("decimal");
    tcase_add_test(t, spool_gives_back);
    tcase_add_test(t, decimal_parse_values);
    tcase_add_test(t, decimal_parse_rejects);
    tcase_add_test(t, decimal_arithmetic);
    suite_add_tcase(s, t);
    t = tcase_create("text");
    tcase_add_test(t, utf8_decode);
    tcase_add_test(t, trim_and_squeeze);
    tcase_add_test(t, blanks_by_lead_byte);
    tcase_add_test(t, str_put_bounds);
    tcase_add_test(t, buf_and_arena);
    tcase_add_test(t, diag_format);
    tcase_add_test(t, i18n_choose_by_gettext_rule);
    tcase_add_test(t, scratch_pwrite_pread);
    tcase_add_test(t, spill_in_memory_then_file);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    SRunner *r = srunner_create(core_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
