# The compiled lexicon: after the sitrep binary is built, `sitrep lexicon build`
# writes ${CMAKE_BINARY_DIR}/data/lexicon.bin (where find_resource looks first
# in a build tree). Rebuilt when the curated TSVs or the binary change.
file(GLOB_RECURSE SITREP_LEXICON_INPUTS CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/data/geo/*.tsv ${PROJECT_SOURCE_DIR}/data/lexicon/*.tsv
     ${PROJECT_SOURCE_DIR}/data/actors/*.tsv)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/data/lexicon.bin
  COMMAND sitrep lexicon build --quiet --source ${PROJECT_SOURCE_DIR} --out ${CMAKE_BINARY_DIR}/data/lexicon.bin
  DEPENDS sitrep ${SITREP_LEXICON_INPUTS}
  COMMENT "Compiling the lexicon (data/lexicon.bin)"
  VERBATIM)
add_custom_target(sitrep_lexicon ALL DEPENDS ${CMAKE_BINARY_DIR}/data/lexicon.bin)
