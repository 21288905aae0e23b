/* disclose-pdf.so: the PDF writer (libharu, libdeflate), src/pdf/. */
#include "modules.h"
#include "pdf.h"

const struct dc_pdf_module dc_module_pdf = {
    .head = {DC_MODULE_ABI},
    .new_writer = dc_pdf_new,
    .free_writer = dc_pdf_free,
    .set_default_date = dc_pdf_set_default_date,
    .set_one_thread = dc_pdf_set_one_thread,
    .metrics = dc_pdf_metrics,
    .stage = dc_pdf_stage,
    .end = dc_pdf_end,
};
