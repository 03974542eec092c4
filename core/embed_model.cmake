# Writes the model JSON into a C++ source file as one string constant.
file(READ "${INPUT}" model)
string(FIND "${model}" ")EMPATHY_MODEL\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter")
endif()
file(WRITE "${OUTPUT}" "// Generated from core/models/en.json by core/embed_model.cmake.\nnamespace empathy {\nextern const char kDefaultModelJson[];\nconst char kDefaultModelJson[] = R\"EMPATHY_MODEL(${model})EMPATHY_MODEL\";\n}  // namespace empathy\n")
