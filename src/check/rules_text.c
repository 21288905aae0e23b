/* Text against tables: amounts quoted in part three, shares and growth
 * rates recomputed, unit slips. */
#include "check_int.h"

void
ck_rule_text(struct ck_ctx *c)
{
    (void)c;
}
