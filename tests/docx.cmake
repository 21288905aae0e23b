# DOCX backend tests: unit (Check), golden parts, and the sample rendered
# and read back (round trip, determinism, unzip -t, LibreOffice, pandoc).
add_library(dc_docx_synth STATIC ${CMAKE_CURRENT_SOURCE_DIR}/docx/synth.c)
dc_target_setup(dc_docx_synth)
target_include_directories(dc_docx_synth PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR}/docx)
target_link_libraries(dc_docx_synth PUBLIC dc_docx)

add_executable(docx_driver ${CMAKE_CURRENT_SOURCE_DIR}/docx/docx_driver.c)
dc_target_setup(docx_driver)
target_link_libraries(docx_driver PRIVATE dc_docx_synth)
if(TARGET dc_parse)
  target_compile_definitions(docx_driver PRIVATE DC_HAVE_PARSE=1)
  target_link_libraries(docx_driver PRIVATE dc_parse)
endif()

dc_add_unit_test(test_docx unit/test_docx.c dc_docx_synth PkgConfig::XML2
  PkgConfig::LIBZIP)

set(DC_DOCX_ENV "DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}")
# Golden parts: DC_REGEN_GOLDEN=1 ctest -R docx_golden rewrites them.
foreach(case small fallback)
  add_test(NAME docx_golden_${case}
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/docx/golden.py
      --driver $<TARGET_FILE:docx_driver> --case ${case}
      --golden ${CMAKE_CURRENT_SOURCE_DIR}/golden/docx-${case}
      --work ${CMAKE_CURRENT_BINARY_DIR}/docx-golden-${case})
endforeach()

# The sample: written by `disclose render --docx` once it exists, else by
# the driver; then read back by every reader we have.
if(EXISTS ${DC_SAMPLE})
  add_test(NAME docx_sample
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/docx/check_sample.py
      --disclose $<TARGET_FILE:disclose> --driver $<TARGET_FILE:docx_driver>
      --source ${DC_SAMPLE} --work ${CMAKE_CURRENT_BINARY_DIR}/docx-sample)
  set_tests_properties(docx_sample PROPERTIES ENVIRONMENT "${DC_DOCX_ENV}"
    TIMEOUT 600 RESOURCE_LOCK soffice)
endif()

# The 目录 through an update: LibreOffice (python3-uno, the system Python)
# loads the sample's DOCX, updates its index and reads the outline levels
# (tests/docx/toc_refresh.py says what it checks); skipped without them.
if(EXISTS ${DC_SAMPLE})
  find_program(DC_UNO_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT DC_UNO_PYTHON3)
    set(DC_UNO_PYTHON3 ${PYTHON3})
  endif()
  set(DC_TOC_OUT ${CMAKE_CURRENT_BINARY_DIR}/docx-toc)
  get_filename_component(DC_TOC_STEM "${DC_SAMPLE}" NAME_WE)
  add_test(NAME docx_toc_refresh
    COMMAND sh -c "'$<TARGET_FILE:disclose>' render --pdf --docx -o '${DC_TOC_OUT}' '${DC_SAMPLE}' 2>/dev/null && '${DC_UNO_PYTHON3}' '${CMAKE_CURRENT_SOURCE_DIR}/docx/toc_refresh.py' '${DC_TOC_OUT}/${DC_TOC_STEM}.docx' '${DC_TOC_OUT}/${DC_TOC_STEM}.pdf'")
  # one LibreOffice at a time: two starting together on two cores take
  # minutes
  set_tests_properties(docx_toc_refresh PROPERTIES ENVIRONMENT "${DC_DOCX_ENV}"
    SKIP_RETURN_CODE 77 TIMEOUT 400 RESOURCE_LOCK soffice)
endif()

# One edit in layouts/page.xml changes both outputs: a copy of the layouts
# with another body size and leading, table leading and padding, and folio
# gap reaches the DOCX's
# styles and the PDF's body text (tests/docx/page_style_flow.py).
if(EXISTS ${DC_SAMPLE})
  find_program(DC_QPDF qpdf)
  if(DC_QPDF)
    add_test(NAME docx_page_style_flow
      COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/docx/page_style_flow.py
        $<TARGET_FILE:disclose> ${DC_SAMPLE} ${DC_LAYOUTS_DIR}
        ${CMAKE_CURRENT_BINARY_DIR}/docx-page-style 150 270 140 15 90)
  endif()
endif()
