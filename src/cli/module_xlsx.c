/* disclose-xlsx.so: the workbook writer (libxlsxwriter), src/xlsx/. */
#include "modules.h"
#include "xlsx.h"

const struct dc_xlsx_module dc_module_xlsx = {
    .head = {DC_MODULE_ABI},
    .stage = dc_xlsx_stage,
};
