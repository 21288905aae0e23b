# Writes module_abi.h: DC_MODULE_ABI, "<version>-<hash>", the hash being
# SHA-256 of the headers whose structures the executable and the writer
# modules share.  A module built from other headers is refused on load
# (src/cli/modules.c) instead of misreading a structure.
#   cmake -DOUT=FILE -DVERSION=V -DHEADERS="a.h;b.h" -P module_abi.cmake
set(all "")
foreach(h IN LISTS HEADERS)
  file(READ "${h}" text)
  string(APPEND all "${text}")
endforeach()
string(SHA256 hash "${all}")
string(SUBSTRING "${hash}" 0 16 hash)
set(text "/* made by src/cli/module_abi.cmake */\n#define DC_MODULE_ABI \"${VERSION}-${hash}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text) # unchanged: nothing recompiled
  file(WRITE "${OUT}" "${text}")
endif()
