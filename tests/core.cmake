dc_add_unit_test(test_core ${CMAKE_SOURCE_DIR}/tests/unit/test_core.c dc_core)
