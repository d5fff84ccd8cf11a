cmake_minimum_required(VERSION 3.13)
# Keeps wscript's file lists (ns-3 <= 3.35) equal to CMakeLists.txt's:
# a file added to one build and not the other fails here.
file(READ "${SRC}/CMakeLists.txt" cmake_text)
file(READ "${SRC}/wscript" waf_text)

function(cmake_list name out)
  string(REGEX MATCH "set\\(${name}[ \t\r\n]+([^)]*)\\)" match "${cmake_text}")
  if(NOT match)
    message(FATAL_ERROR "CMakeLists.txt has no set(${name} ...)")
  endif()
  string(REGEX REPLACE "[ \t\r\n]+" ";" items "${CMAKE_MATCH_1}")
  list(FILTER items EXCLUDE REGEX "^$")
  list(SORT items)
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

function(waf_list name out)
  string(REGEX MATCH "${name} = \\[([^]]*)\\]" match "${waf_text}")
  if(NOT match)
    message(FATAL_ERROR "wscript has no ${name} = [...]")
  endif()
  string(REGEX MATCHALL "'[^']+'" quoted "${CMAKE_MATCH_1}")
  set(items "")
  foreach(q ${quoted})
    string(REPLACE "'" "" q "${q}")
    list(APPEND items "${q}")
  endforeach()
  list(SORT items)
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

set(failed FALSE)
foreach(pair
    "ntp_peer_core_sources=CORE_SOURCES"
    "ntp_peer_core_headers=CORE_HEADERS"
    "ntp_peer_model_sources=MODEL_SOURCES"
    "ntp_peer_model_headers=MODEL_HEADERS"
    "ntp_peer_model_internal_headers=MODEL_INTERNAL_HEADERS"
    "ntp_peer_test_sources=TEST_SOURCES")
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 cmake_name)
  list(GET parts 1 waf_name)
  cmake_list(${cmake_name} cmake_items)
  waf_list(${waf_name} waf_items)
  if(NOT "${cmake_items}" STREQUAL "${waf_items}")
    message(SEND_ERROR "${cmake_name} (CMakeLists.txt) and ${waf_name} (wscript) differ:\n"
                       "  cmake: ${cmake_items}\n  waf:   ${waf_items}")
    set(failed TRUE)
  endif()
  foreach(f ${cmake_items})
    if(NOT EXISTS "${SRC}/${f}")
      message(SEND_ERROR "${cmake_name} lists ${f}, which does not exist")
      set(failed TRUE)
    endif()
  endforeach()
  list(LENGTH cmake_items n)
  message(STATUS "${cmake_name}: ${n} files, same in both builds")
endforeach()
if(failed)
  message(FATAL_ERROR "build lists differ")
endif()
