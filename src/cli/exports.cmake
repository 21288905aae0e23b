# The functions of the executable the writer modules call (every dc_*
# symbol the modules leave undefined), written as
#   OUT.list  a dynamic list: the executable exports these and nothing else
#   OUT.ld    EXTERN(...): the linker takes them from the static libraries
#             even where the executable itself calls none of a file's
#   cmake -DNM=nm -DOUT=PREFIX -P exports.cmake MODULE.so...
set(names "")
set(after_script OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  set(arg "${CMAKE_ARGV${i}}")
  if(after_script)
    execute_process(COMMAND "${NM}" -D --undefined-only "${arg}"
                    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "exports.cmake: ${NM} failed on ${arg}")
    endif()
    string(REGEX MATCHALL "[ \t]U[ \t]+dc_[A-Za-z0-9_]+" found "${out}")
    foreach(f IN LISTS found)
      string(REGEX REPLACE ".*U[ \t]+" "" f "${f}")
      list(APPEND names "${f}")
    endforeach()
  elseif(arg MATCHES "exports\\.cmake$")
    set(after_script ON)
  endif()
endforeach()
list(REMOVE_DUPLICATES names)
list(SORT names)
set(list "/* made by src/cli/exports.cmake */\n{\n")
set(ld "/* made by src/cli/exports.cmake */\nEXTERN(")
foreach(n IN LISTS names)
  string(APPEND list "  ${n};\n")
  string(APPEND ld " ${n}")
endforeach()
string(APPEND list "};\n")
string(APPEND ld " )\n")
file(WRITE "${OUT}.list" "${list}")
file(WRITE "${OUT}.ld" "${ld}")
