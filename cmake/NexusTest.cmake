# nexus_add_test(NAME <name> LABEL unit|integration|gui|slow SOURCES ... LIBRARIES ... [TIMEOUT s])
#
# Builds one Qt Test executable and registers it with CTest under a label, with the offscreen
# platform, a private TMPDIR and test-mode standard paths, so tests never touch a user's files.
function(nexus_add_test)
    cmake_parse_arguments(T "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBRARIES" ${ARGN})
    if(NOT T_LABEL MATCHES "^(unit|integration|gui|slow)$")
        message(FATAL_ERROR "nexus_add_test(${T_NAME}): LABEL must be unit, integration, gui or slow")
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    nexus_target_defaults(${T_NAME})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBRARIES})
    set(tmp "${CMAKE_CURRENT_BINARY_DIR}/tmp/${T_NAME}")
    file(MAKE_DIRECTORY "${tmp}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS ${T_LABEL}
        TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;TMPDIR=${tmp};NEXUS_BUILD_DIR=${PROJECT_BINARY_DIR};NEXUS_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
