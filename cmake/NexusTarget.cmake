# Settings every NexusTwin target shares: include paths from the source root, warnings, and
# warnings-as-errors when NEXUS_WERROR is on (CI).
function(nexus_target_defaults target)
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
    if(NEXUS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    set_target_properties(${target} PROPERTIES AUTOMOC ON)
endfunction()
