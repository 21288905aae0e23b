# XLSX backend tests: unit (Check), and the workbooks of the sample and of
# another department's document read back by LibreOffice and openpyxl.
add_executable(xlsx_driver ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/xlsx_driver.c)
dc_target_setup(xlsx_driver)
target_link_libraries(xlsx_driver PRIVATE dc_xlsx dc_parse dc_layout dc_pdf)
set_target_properties(xlsx_driver PROPERTIES RUNTIME_OUTPUT_DIRECTORY
  ${CMAKE_BINARY_DIR}/tests)

dc_add_unit_test(test_xlsx unit/test_xlsx.c dc_xlsx dc_docx_synth
  PkgConfig::LIBZIP)

# openpyxl is Debian's python3-openpyxl, which a python3 found first on PATH
# (pyenv, venv) may not see.
find_program(DC_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT DC_SYSTEM_PYTHON3)
  set(DC_SYSTEM_PYTHON3 ${PYTHON3})
endif()

# A document's workbook (`render --xlsx`, which writes nothing else), written twice (the same bytes a second later in
# another time zone), read back by LibreOffice and openpyxl and compared
# with `disclose dump`.
function(dc_xlsx_case name source prepare)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/xlsx-${name})
  add_test(NAME xlsx_${name}
    COMMAND sh -c "set -e; rm -rf '${dir}'; mkdir -p '${dir}'; cd '${dir}'; ${prepare} '$<TARGET_FILE:disclose>' render --xlsx -o a '${source}'; sleep 1; TZ=Asia/Shanghai '$<TARGET_FILE:disclose>' render --xlsx -o b '${source}'; test $(ls a | wc -l) = 1; cmp a/*.xlsx b/*.xlsx; '$<TARGET_FILE:disclose>' dump '${source}' > dump.xml; '${DC_SYSTEM_PYTHON3}' '${CMAKE_SOURCE_DIR}/tests/xlsx/check_xlsx.py' --xlsx a/*.xlsx --dump dump.xml --layouts '${DC_LAYOUTS_DIR}' --work work")
  set_tests_properties(xlsx_${name} PROPERTIES
    ENVIRONMENT "DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}" TIMEOUT 600)
endfunction()

if(EXISTS ${DC_SAMPLE})
  dc_xlsx_case(sample ${DC_SAMPLE} "")
  # another department's document (other names, numbers and rows)
  dc_xlsx_case(other_department
    ${CMAKE_CURRENT_BINARY_DIR}/xlsx-other_department/other.txt
    "${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/make_variant.py' '${DC_SAMPLE}' other.txt;")
endif()
