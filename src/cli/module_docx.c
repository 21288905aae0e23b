/* disclose-docx.so: the Word writer (libzip, libxml2), src/docx/. */
#include "docx.h"
#include "modules.h"

const struct dc_docx_module dc_module_docx = {
    .head = {DC_MODULE_ABI},
    .stage = dc_docx_stage,
};
