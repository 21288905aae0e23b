dc_add_unit_test(test_parse ${CMAKE_SOURCE_DIR}/tests/unit/test_parse.c dc_parse)
target_include_directories(test_parse PRIVATE ${CMAKE_SOURCE_DIR}/src/parse)

# The sample: 11 tables, 23 forms, every table's body rows, nothing lost.
add_test(NAME dump_sample
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integration/dump_check.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${DC_LAYOUTS_DIR}
          --tables 11 --forms 23)

# Malformed and worst-case inputs: a message and exit status 2, never a crash.
add_test(NAME malformed_inputs
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/malformed/run_cases.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE})
set_tests_properties(malformed_inputs PROPERTIES TIMEOUT 600)

# Another department's document (other names, numbers and rows, CRLF + BOM)
# parses just as well: nothing lost, every table's rows found.
add_test(NAME dump_other_department
  COMMAND sh -c "${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/make_variant.py' '${DC_SAMPLE}' variant.txt && ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/dump_check.py' '$<TARGET_FILE:disclose>' variant.txt '${DC_LAYOUTS_DIR}' --tables 11 --forms 12"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
