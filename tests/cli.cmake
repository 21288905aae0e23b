# Another department's document (made from the sample: other names, numbers
# and rows, CRLF + BOM) renders with nothing lost in the PDF or the DOCX.
add_test(NAME render_other_department
  COMMAND sh -c "set -e; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/make_variant.py' '${DC_SAMPLE}' other.txt; rm -rf other-out; '$<TARGET_FILE:disclose>' render -o other-out other.txt; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/roundtrip.py' other.txt other-out/other.pdf pdf; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/roundtrip.py' other.txt other-out/other.docx docx"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
