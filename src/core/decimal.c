#include "core.h"

#include <string.h>

#define MAX_SCALE 9

static const int64_t pow10_tab[] = {1,         10,         100,      1000,
                                    10000,     100000,     1000000,  10000000,
                                    100000000, 1000000000, 10000000000LL};

int
dc_decimal_parse(const char *s, size_t n, struct dc_decimal *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
    }
    int64_t units = 0;
    int scale = 0, digits = 0, in_frac = 0, group_digits = -1;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (units > (INT64_MAX - 9) / 10)
                return 0;
            units = units * 10 + (c - '0');
            digits++;
            if (in_frac) {
                if (++scale > MAX_SCALE)
                    return 0;
            } else if (group_digits >= 0) {
                group_digits++;
            }
        } else if (c == '.' && !in_frac && digits > 0) {
            if (group_digits >= 0 && group_digits != 3)
                return 0;
            in_frac = 1;
        } else if (c == ',' && !in_frac && digits > 0) {
            /* thousands separator: groups of exactly three digits */
            if (group_digits >= 0 && group_digits != 3)
                return 0;
            if (group_digits < 0 && digits > 3)
                return 0;
            group_digits = 0;
        } else {
            return 0;
        }
    }
    if (digits == 0 || (in_frac && s[n - 1] == '.'))
        return 0;
    if (!in_frac && group_digits >= 0 && group_digits != 3)
        return 0;
    out->units = neg ? -units : units;
    out->scale = scale;
    return 1;
}

struct dc_decimal
dc_decimal_rescale(struct dc_decimal a, int scale)
{
    struct dc_decimal r = a;
    if (scale > MAX_SCALE)
        scale = MAX_SCALE;
    if (scale > a.scale) {
        r.units = a.units * pow10_tab[scale - a.scale];
    } else if (scale < a.scale) {
        int64_t p = pow10_tab[a.scale - scale];
        int64_t q = a.units / p, rem = a.units % p;
        if (rem * 2 >= p)
            q++;
        else if (rem * 2 <= -p)
            q--;
        r.units = q;
    }
    r.scale = scale;
    return r;
}

struct dc_decimal
dc_decimal_add(struct dc_decimal a, struct dc_decimal b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    a = dc_decimal_rescale(a, s);
    b = dc_decimal_rescale(b, s);
    struct dc_decimal r = {a.units + b.units, s};
    return r;
}

struct dc_decimal
dc_decimal_sub(struct dc_decimal a, struct dc_decimal b)
{
    b.units = -b.units;
    return dc_decimal_add(a, b);
}

int
dc_decimal_cmp(struct dc_decimal a, struct dc_decimal b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    a = dc_decimal_rescale(a, s);
    b = dc_decimal_rescale(b, s);
    return (a.units > b.units) - (a.units < b.units);
}

int
dc_decimal_is_zero(struct dc_decimal a)
{
    return a.units == 0;
}

void
dc_decimal_format(struct dc_decimal a, char *out, size_t outsz)
{
    uint64_t u = a.units < 0 ? (uint64_t)0 - (uint64_t)a.units
                             : (uint64_t)a.units;
    uint64_t p = (uint64_t)pow10_tab[a.scale];
    if (a.scale == 0)
        snprintf(out, outsz, "%s%llu", a.units < 0 ? "-" : "",
                 (unsigned long long)u);
    else
        snprintf(out, outsz, "%s%llu.%0*llu", a.units < 0 ? "-" : "",
                 (unsigned long long)(u / p), a.scale,
                 (unsigned long long)(u % p));
}
