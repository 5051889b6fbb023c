# Actor dictionary data (data/actors/*.tsv): validate the committed files and unit-test
# the PETRARCH converter. Pure Python, no build products needed.
if(SITREP_BUILD_TESTS)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_Interpreter_FOUND)
    enable_testing()
    add_test(NAME actors_data_check
             COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/convert_petrarch.py --check)
    add_test(NAME actors_converter_unittest
             COMMAND ${Python3_EXECUTABLE} -m unittest -q test_convert_petrarch
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/scripts)
    set_tests_properties(actors_data_check actors_converter_unittest
                         PROPERTIES ENVIRONMENT PYTHONDONTWRITEBYTECODE=1 TIMEOUT 120)
  endif()
endif()
