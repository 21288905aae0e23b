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
# Every rule has its case: tests/check/<rule>.txt, a small source cut from
# the sample that trips the rule, and <rule>.findings, the findings expected
# (reviewed by hand; tests/check/make-cases.py writes the sources only).
if(TARGET disclose)
  file(GLOB dc_check_cases RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/check
       ${CMAKE_CURRENT_SOURCE_DIR}/check/*.findings)
  foreach(f ${dc_check_cases})
    string(REPLACE ".findings" "" rule ${f})
    add_test(NAME check_case_${rule}
      COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check/run-case.sh
              $<TARGET_FILE:disclose> ${CMAKE_CURRENT_SOURCE_DIR}/check ${rule})
    set_tests_properties(check_case_${rule} PROPERTIES ENVIRONMENT
      "DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}")
  endforeach()
  # render warns about each leftover check reports, and still prints it
  add_test(NAME check_render_leftover
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check/render-leftover.sh
            $<TARGET_FILE:disclose> ${CMAKE_CURRENT_SOURCE_DIR}/check)
  set_tests_properties(check_render_leftover PROPERTIES ENVIRONMENT
    "DISCLOSE_LAYOUTS=${DC_LAYOUTS_DIR}")
  # the README's rule table is the code's, and each rule has its case
  add_test(NAME check_readme_rules
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/check/readme_rules.py
            $<TARGET_FILE:disclose> ${CMAKE_SOURCE_DIR}/README.md
            ${CMAKE_CURRENT_SOURCE_DIR}/check)
endif()
if(TARGET disclose AND EXISTS "${DC_SAMPLE}")
  # a 12th table and a renumbered template, checked with no C change
  add_test(NAME check_generality
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/check/generality.py
            $<TARGET_FILE:disclose> ${DC_SAMPLE} ${DC_LAYOUTS_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/generality)
endif()
