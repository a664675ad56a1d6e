# smbkit_layer(NAME DEPS...): one static library per folder of src/, built from every .cpp
# beneath it. A folder with no sources yet becomes an interface library so that the layers
# above it still link.
function(smbkit_layer name)
  set(deps ${ARGN})
  list(TRANSFORM deps PREPEND smbkit_)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(smbkit_${name} STATIC ${sources})
    target_include_directories(smbkit_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(smbkit_${name} PUBLIC ${deps} OpenSSL::Crypto Threads::Threads
                          spdlog::spdlog fmt::fmt)
  else()
    add_library(smbkit_${name} INTERFACE)
    target_include_directories(smbkit_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(smbkit_${name} INTERFACE ${deps})
  endif()
endfunction()

# smbkit_unit_tests(LAYER): one GoogleTest binary per layer from tests/unit/LAYER/*_test.cpp.
function(smbkit_unit_tests layer)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/${layer}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(test_${layer} ${sources})
  target_link_libraries(test_${layer} PRIVATE smbkit_${layer} GTest::gtest GTest::gtest_main
                        GTest::gmock nlohmann_json::nlohmann_json)
  target_include_directories(test_${layer} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(test_${layer} PRIVATE
    SMBKIT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SMBKIT_CAPTURES_DIR="${PROJECT_SOURCE_DIR}/tests/data/captures")
  gtest_discover_tests(test_${layer} TEST_PREFIX "${layer}." PROPERTIES LABELS unit
                       DISCOVERY_TIMEOUT 60)
endfunction()
