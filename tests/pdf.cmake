# The PDF backend: font map, metrics, painting a hand-built display list.
dc_add_unit_test(test_pdf ${CMAKE_SOURCE_DIR}/tests/unit/test_pdf.c dc_pdf)
target_include_directories(test_pdf PRIVATE ${CMAKE_SOURCE_DIR}/src/pdf)
