# The Python binding (python/): a pybind11 extension `sitrep._native` built for
# Debian's /usr/bin/python3 (not a pyenv python that may come first on PATH),
# placed in build/python/sitrep/ next to copies of the pure-Python package, so
# PYTHONPATH=build/python (or scripts/install-python.sh's .pth) gives
# `import sitrep`. Skipped with a message when pybind11 or the headers are absent.
option(SITREP_BUILD_PYTHON "Build the Python binding (pybind11)" ON)
if(SITREP_BUILD_PYTHON)
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3)
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module QUIET)
  if(Python3_FOUND)
    execute_process(COMMAND ${Python3_EXECUTABLE} -c "import pybind11; print(pybind11.get_cmake_dir())"
                    OUTPUT_VARIABLE SITREP_PYBIND11_DIR OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    find_package(pybind11 CONFIG QUIET HINTS ${SITREP_PYBIND11_DIR})
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(SITREP_PYTHON_DIR ${PROJECT_BINARY_DIR}/python)
    pybind11_add_module(sitrep_python NO_EXTRAS ${PROJECT_SOURCE_DIR}/python/src/module.cc)
    target_link_libraries(sitrep_python PRIVATE sitrep_core)
    # The engine's symbols stay inside the extension and bind locally (no PLT
    # hops between engine functions, as in the CLI executable).
    target_link_options(sitrep_python PRIVATE -Wl,--exclude-libs,ALL -Wl,-Bsymbolic)
    set_target_properties(sitrep_python PROPERTIES OUTPUT_NAME _native
                          LIBRARY_OUTPUT_DIRECTORY ${SITREP_PYTHON_DIR}/sitrep)
    # The pure-Python package is copied beside the extension on every build.
    file(GLOB SITREP_PY_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/python/sitrep/*.py
         ${PROJECT_SOURCE_DIR}/python/sitrep/*.pyi ${PROJECT_SOURCE_DIR}/python/sitrep/py.typed)
    set(SITREP_PY_COPIES)
    foreach(f ${SITREP_PY_FILES})
      get_filename_component(n ${f} NAME)
      add_custom_command(OUTPUT ${SITREP_PYTHON_DIR}/sitrep/${n}
                         COMMAND ${CMAKE_COMMAND} -E copy_if_different ${f} ${SITREP_PYTHON_DIR}/sitrep/${n}
                         DEPENDS ${f} VERBATIM)
      list(APPEND SITREP_PY_COPIES ${SITREP_PYTHON_DIR}/sitrep/${n})
    endforeach()
    add_custom_target(sitrep_python_files ALL DEPENDS ${SITREP_PY_COPIES})
    add_dependencies(sitrep_python sitrep_python_files)
  else()
    message(STATUS "sitrep: Python binding skipped (need python3-dev and python3-pybind11 for ${Python3_EXECUTABLE})")
  endif()
endif()
