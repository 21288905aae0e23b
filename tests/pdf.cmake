# The PDF backend and `disclose render`.

# Unit: font map, metrics, painting a hand-built display list.
dc_add_unit_test(test_pdf ${CMAKE_SOURCE_DIR}/tests/unit/test_pdf.c dc_pdf)
target_include_directories(test_pdf PRIVATE ${CMAKE_SOURCE_DIR}/src/pdf)

if(NOT TARGET dc_layout OR NOT EXISTS "${CMAKE_SOURCE_DIR}/src/cli/cmd_render.c")
  return()
endif()

# The pikepdf checks need Debian's python3-pikepdf, which a python3 found
# first on PATH (pyenv, venv) may not see.
find_program(DC_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT DC_SYSTEM_PYTHON3)
  set(DC_SYSTEM_PYTHON3 ${PYTHON3})
endif()

set(DC_PDF_OUT "${CMAKE_CURRENT_BINARY_DIR}/pdf-out")
get_filename_component(DC_SAMPLE_STEM "${DC_SAMPLE}" NAME_WE)
set(DC_SAMPLE_PDF "${DC_PDF_OUT}/a/${DC_SAMPLE_STEM}.pdf")

# Render the sample once; the tests below read it.
add_test(NAME render_pdf_sample
  COMMAND ${CMAKE_COMMAND} -E env DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}
          ${CMAKE_BINARY_DIR}/disclose render --pdf -o ${DC_PDF_OUT}/a
          ${DC_SAMPLE})
set_tests_properties(render_pdf_sample PROPERTIES FIXTURES_SETUP pdf_sample
  TIMEOUT 120)

# Readers accept it: qpdf --check, pdffonts (embedded, subset, ToUnicode),
# pdftotext without warnings, PDF/A structure, Chinese bookmarks.
add_test(NAME pdf_readers
  COMMAND ${DC_SYSTEM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/pdf/check_pdf.py
          ${DC_SAMPLE_PDF} --min-pages 20)
set_tests_properties(pdf_readers PROPERTIES FIXTURES_REQUIRED pdf_sample)

# GB/T 9704's grid: 28 三号 characters a full line (page.xml's tracking),
# no more than 22 lines a page.
add_test(NAME pdf_grid
  COMMAND ${DC_SYSTEM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/pdf/check_grid.py
          ${DC_SAMPLE_PDF})
set_tests_properties(pdf_grid PROPERTIES FIXTURES_REQUIRED pdf_sample)

# Nothing lost: every digit sequence and Han character of the source is in
# pdftotext's output at least as often.
add_test(NAME pdf_roundtrip
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integration/roundtrip.py
          ${DC_SAMPLE} ${DC_SAMPLE_PDF} pdf)
set_tests_properties(pdf_roundtrip PROPERTIES FIXTURES_REQUIRED pdf_sample)

# Same input, same bytes.
add_test(NAME render_pdf_deterministic
  COMMAND sh -c "'${CMAKE_BINARY_DIR}/disclose' render --pdf -o '${DC_PDF_OUT}/b' '${DC_SAMPLE}' 2>/dev/null && cmp '${DC_SAMPLE_PDF}' '${DC_PDF_OUT}/b/${DC_SAMPLE_STEM}.pdf'")
set_tests_properties(render_pdf_deterministic PROPERTIES
  FIXTURES_REQUIRED pdf_sample TIMEOUT 120)

# A batch worker on a single core renders on one thread (font programs,
# CIDSets and pages made when the file is saved, not ahead on a second
# thread): same bytes.
add_test(NAME render_pdf_one_thread
  COMMAND ${PYTHON3} -c "import os, subprocess, sys; os.sched_setaffinity(0, [min(os.sched_getaffinity(0))]); subprocess.run(['rm', '-rf', sys.argv[2]]); subprocess.run([sys.argv[1], 'batch', '-q', '--pdf', '-o', sys.argv[2], sys.argv[3]], check=True); sys.exit(subprocess.run(['cmp', sys.argv[4], sys.argv[2] + '/' + sys.argv[5] + '.pdf']).returncode)"
          ${CMAKE_BINARY_DIR}/disclose ${DC_PDF_OUT}/one ${DC_SAMPLE} ${DC_SAMPLE_PDF} ${DC_SAMPLE_STEM})
set_tests_properties(render_pdf_one_thread PROPERTIES
  FIXTURES_REQUIRED pdf_sample TIMEOUT 120)

# PDFBox Preflight says valid PDF/A-1b (skipped without Java and the jars).
add_test(NAME pdf_preflight
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pdf/preflight.sh ${DC_SAMPLE_PDF})
set_tests_properties(pdf_preflight PROPERTIES FIXTURES_REQUIRED pdf_sample
  SKIP_RETURN_CODE 77 TIMEOUT 300)

# The command line: options, exit status, nothing left behind on failure.
add_test(NAME render_cli
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/pdf/render_cases.py
          ${CMAKE_BINARY_DIR}/disclose ${DC_SAMPLE} ${DC_PDF_OUT}/cases)
set_tests_properties(render_cli PROPERTIES TIMEOUT 300)

# fonts/fontmap-official.xml with free fonts copied under the licensed
# names: each role on its text; a missing file is one error naming it.
add_test(NAME pdf_official_fonts
  COMMAND ${DC_SYSTEM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/pdf/official_fonts.py
          ${CMAKE_BINARY_DIR}/disclose ${CMAKE_SOURCE_DIR} ${DC_SAMPLE}
          ${CMAKE_CURRENT_BINARY_DIR}/official-fonts)
set_tests_properties(pdf_official_fonts PROPERTIES SKIP_RETURN_CODE 77
  TIMEOUT 300)
