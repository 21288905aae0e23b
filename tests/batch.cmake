# disclose batch / verify / diff on small inputs made from the sample.
add_test(NAME batch_verify_diff
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/batch/test_batch.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${CMAKE_CURRENT_BINARY_DIR}/batch-work)
set_tests_properties(batch_verify_diff PROPERTIES TIMEOUT 900)
