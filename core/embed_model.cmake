# Writes a model's JSON into a C++ source file as one string constant, named SYMBOL
# (default kDefaultModelJson); with -DMODE=json, the same compact JSON into a file.
if(NOT SYMBOL)
  set(SYMBOL kDefaultModelJson)
endif()
file(READ "${INPUT}" model)
# Line breaks and indentation only lay the file out for people (strings never hold a raw
# line break in JSON): the built-in copy goes without them.
string(REGEX REPLACE "\n *" "" model "${model}")
# So do the "note" fields, which explain entries to people who edit the model (they
# hold no escaped quotes; the model's tests would catch one that did).
string(REGEX REPLACE ",\"note\": \"[^\"]*\"" "" model "${model}")
string(REGEX REPLACE "\"note\": \"[^\"]*\"," "" model "${model}")
# And the spaces after separators: between strings, after keys, and between numbers (twice,
# as a match takes the number after it). A string holding one of these sequences would be
# changed too, so the result must read back as the same JSON.
set(laid_out "${model}")
string(REPLACE "\", \"" "\",\"" model "${model}")
string(REPLACE "\": " "\":" model "${model}")
string(REGEX REPLACE "([0-9]), ([-0-9])" "\\1,\\2" model "${model}")
string(REGEX REPLACE "([0-9]), ([-0-9])" "\\1,\\2" model "${model}")
string(JSON same EQUAL "${laid_out}" "${model}")
if(NOT same)
  message(FATAL_ERROR "${INPUT}: dropping the spaces after separators changed the model (a string holds \", \", \": \" or a digit, a comma, a space and a digit)")
endif()
string(FIND "${model}" ")EMPATHY_MODEL\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter")
endif()
if(MODE STREQUAL "json")  # the JSON alone, for a pack file the browser fetches
  file(WRITE "${OUTPUT}" "${model}")
  return()
endif()
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}" "// Generated from core/models/${name} by core/embed_model.cmake.\nnamespace empathy {\nextern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = R\"EMPATHY_MODEL(${model})EMPATHY_MODEL\";\n}  // namespace empathy\n")
