# Another department's document (made from the sample: other names, numbers
# and rows, CRLF + BOM) renders with nothing lost in the PDF or the DOCX.
add_test(NAME render_other_department
  COMMAND sh -c "set -e; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/make_variant.py' '${DC_SAMPLE}' other.txt; rm -rf other-out; '$<TARGET_FILE:disclose>' render -o other-out other.txt; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/roundtrip.py' other.txt other-out/other.pdf pdf; ${PYTHON3} '${CMAKE_SOURCE_DIR}/tests/integration/roundtrip.py' other.txt other-out/other.docx docx"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
# One command-line grammar: help, version, usage mistakes, '-' as standard
# input, check's summary, the top-level help complete.
add_test(NAME cli_grammar
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/cli/grammar.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${CMAKE_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/grammar-work)
# check --format text|json|sarif: the same findings; JSON against the
# schema in docs/, SARIF one result per finding.
add_test(NAME check_formats
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/cli/check_formats.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE}
          ${CMAKE_SOURCE_DIR}/docs/check-output.schema.json
          ${CMAKE_CURRENT_BINARY_DIR}/formats-work)
# Bad input and operator mistakes (FIFOs, /dev/zero, --max-size, a broken
# layout or font, one stem twice, a full disk, a manifest that cannot be
# written): a message and the right exit status, never a hang.
add_test(NAME integrity_inputs
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integrity/test_inputs.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${DC_LAYOUTS_DIR}
          ${DC_FONTS_DIR}/fontmap.xml ${CMAKE_CURRENT_BINARY_DIR}/integrity-inputs)
set_tests_properties(integrity_inputs PROPERTIES TIMEOUT 600)
# The order of a render's writes, read from strace: each temporary fsync'd
# before its rename, the journal and the folder before the first rename,
# the folder after the last; the same for batch's manifest and an archive's
# revision.  Skipped (77) without strace.
add_test(NAME integrity_fsync
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integrity/test_fsync.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${CMAKE_CURRENT_BINARY_DIR}/integrity-fsync)
set_tests_properties(integrity_fsync PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
# Scratch files, read from strace: the sample's render --pdf --docx makes
# none (its display list and document.xml stay within the spill budget),
# a source 10 times the sample makes them beside its outputs and leaves
# nothing behind.  Skipped (77) without strace.
add_test(NAME integrity_scratch
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integrity/test_scratch.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE}
          ${CMAKE_SOURCE_DIR}/bench/gen_departments.py
          ${CMAKE_CURRENT_BINARY_DIR}/integrity-scratch)
set_tests_properties(integrity_scratch PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
# Where libxlsxwriter's temporary files go ($TMPDIR, else a memory-backed
# folder with room, else /tmp), the workbook written straight beside its
# output, and a TMPDIR missing or full: an error, the old workbook kept.
# Skipped (77) without strace.
add_test(NAME integrity_tmpdir
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integrity/test_tmpdir.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${CMAKE_CURRENT_BINARY_DIR}/integrity-tmpdir)
set_tests_properties(integrity_tmpdir PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
# verify proves the archive: each way of tampering is reported.
add_test(NAME integrity_archive
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/integrity/test_archive.py
          $<TARGET_FILE:disclose> ${DC_SAMPLE} ${CMAKE_CURRENT_BINARY_DIR}/integrity-archive)
set_tests_properties(integrity_archive PROPERTIES TIMEOUT 600)
# Which shared libraries each command maps (LD_DEBUG=files): check, dump,
# diff, verify and --version none of the writers'; render only those of
# the outputs it writes; batch loads each writer once (issue 14).
add_test(NAME command_libraries
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/libraries.sh
          $<TARGET_FILE:disclose> ${DC_SAMPLE}
          ${CMAKE_CURRENT_BINARY_DIR}/libraries-work)
