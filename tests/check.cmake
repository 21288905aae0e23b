# check/: unit tests of every rule, and `disclose check` on the sample and on
# a copy of it with the sample's real mistakes repaired.
if(TARGET dc_check)
  dc_add_unit_test(test_check unit/test_check.c dc_check)
  if(TARGET test_check)
    target_include_directories(test_check PRIVATE
      ${CMAKE_SOURCE_DIR}/src/check)
  endif()
endif()
if(TARGET disclose AND EXISTS "${DC_SAMPLE}")
  add_test(NAME check_sample
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/check/check_sample.py
            $<TARGET_FILE:disclose> ${DC_SAMPLE}
            ${CMAKE_CURRENT_SOURCE_DIR}/check/repair-sample.sed
            ${CMAKE_CURRENT_BINARY_DIR}/check)
  set_tests_properties(check_sample PROPERTIES ENVIRONMENT
    "DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}")
endif()
