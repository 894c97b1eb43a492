# xinbao_embed_assets(TARGET <lib> FUNCTION <c++ name> DIR <folder>)
# Embeds every file under DIR into the library target TARGET: a generated
# .cc defines `std::span<const xinbao::web::Asset> <FUNCTION>()` (declare it
# where it is used). Regenerated when a file in DIR changes.
function(xinbao_embed_assets)
  cmake_parse_arguments(ARG "" "TARGET;FUNCTION;DIR" "" ${ARGN})
  file(GLOB_RECURSE files CONFIGURE_DEPENDS "${ARG_DIR}/*")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_FUNCTION}_assets.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DDIR=${ARG_DIR} -DOUT=${out}
            -DFUNCTION=${ARG_FUNCTION}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedAssetsScript.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/EmbedAssetsScript.cmake"
    COMMENT "Embedding web assets of ${ARG_DIR}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${out}")
endfunction()
