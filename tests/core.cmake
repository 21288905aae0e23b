dc_add_unit_test(test_core ${CMAKE_SOURCE_DIR}/tests/unit/test_core.c dc_core)
dc_add_unit_test(test_io ${CMAKE_SOURCE_DIR}/tests/unit/test_io.c dc_core
                 PkgConfig::ZLIB)
