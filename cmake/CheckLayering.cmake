# Fails when a folder includes what DESIGN.md forbids it:
#   backend/ and simulator/ never include QtWidgets or QtCharts;
#   models/ never includes QtWidgets, QtCharts or backend/;
#   widgets/ never includes backend/, librdkafka or libpqxx.
# Run with: cmake -DSOURCE_DIR=<repo> -P CheckLayering.cmake
if(NOT SOURCE_DIR)
    message(FATAL_ERROR "SOURCE_DIR not set")
endif()

set(gui_headers "#include[ \t]*[<\"](QtWidgets|QtCharts|QWidget|QMainWindow|QApplication|QChart|QLineSeries|QAbstractButton|QDialog)")
set(bus_headers "#include[ \t]*[<\"](backend/|librdkafka/|rdkafka|pqxx)")
set(rules
    "backend|${gui_headers}"
    "simulator|${gui_headers}"
    "models|${gui_headers}"
    "models|${bus_headers}"
    "widgets|${bus_headers}")

set(violations "")
foreach(rule IN LISTS rules)
    string(FIND "${rule}" "|" bar)
    string(SUBSTRING "${rule}" 0 ${bar} folder)
    math(EXPR start "${bar} + 1")
    string(SUBSTRING "${rule}" ${start} -1 pattern)
    file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
    foreach(f IN LISTS files)
        file(STRINGS "${f}" hits REGEX "${pattern}")
        foreach(hit IN LISTS hits)
            file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
            string(APPEND violations "  ${rel}: ${hit}\n")
        endforeach()
    endforeach()
endforeach()

if(violations)
    message(FATAL_ERROR "Layering violations (see DESIGN.md, 'Parts and where they live'):\n${violations}")
endif()
message(STATUS "layering: ok")
