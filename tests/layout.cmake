# Layout engine: unit tests with a fixed-width fake font, and the sample laid
# out against the display-list invariants (and the 100 ms budget).
dc_add_unit_test(test_layout ${CMAKE_SOURCE_DIR}/tests/unit/test_layout.c
                 dc_layout dc_parse)
if(TARGET test_layout)
  target_include_directories(test_layout PRIVATE ${CMAKE_SOURCE_DIR}/src/layout)
endif()
