# Installation: the moved prefix runs; the man page renders; the bash
# completion completes.
find_program(QPDF qpdf)
find_program(PDFINFO pdfinfo)
find_program(XMLLINT xmllint)
# A PDF writer module of another build, which must be refused.
add_library(dc_stale_module MODULE ${CMAKE_SOURCE_DIR}/tests/install/stale_module.c)
dc_target_setup(dc_stale_module)
if(QPDF AND PDFINFO AND XMLLINT)
  add_test(NAME install_relocated
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install/install.sh
            ${CMAKE_BINARY_DIR} ${DC_SAMPLE} ${PROJECT_VERSION}
            ${CMAKE_INSTALL_LIBDIR} $<TARGET_FILE:dc_stale_module>)
endif()
find_program(GROFF groff)
if(GROFF)
  add_test(NAME man_page
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install/manpage.sh
            $<TARGET_FILE:disclose> ${CMAKE_BINARY_DIR}/disclose.1
            ${CMAKE_SOURCE_DIR})
endif()
add_test(NAME bash_completion
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install/completion.sh
          ${CMAKE_SOURCE_DIR}/docs/disclose.bash-completion)
