# Message catalogs: complete and well-formed; the language is chosen by
# --lang, LANGUAGE/LC_ALL/LC_MESSAGES/LANG, and works without a generated
# zh_CN locale.
find_program(MSGCMP msgcmp)
if(MSGCMP AND XGETTEXT)
  add_test(NAME i18n_catalog
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/i18n/catalog.sh ${CMAKE_SOURCE_DIR})
endif()
if(MSGFMT)
  add_test(NAME i18n_language
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/i18n/language.py
            $<TARGET_FILE:disclose> ${DC_SAMPLE})
endif()
# No message outside the catalog: every worded literal src/ prints or
# reports is inside _(), N_() or P_().
add_test(NAME i18n_no_bare_messages
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tests/i18n/bare_messages.py ${CMAKE_SOURCE_DIR})
