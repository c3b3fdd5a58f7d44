# Runs `beyondlin check all --preset quick` and accepts exit status 0 (all PASS) or 1 (some claim
# FAILs numerically: a finding shown in the report, not a broken build); anything else fails.
# The report files must exist afterwards.
execute_process(COMMAND ${BIN} check all --preset quick --out ${OUT} RESULT_VARIABLE rc)
if(NOT (rc EQUAL 0 OR rc EQUAL 1))
  message(FATAL_ERROR "beyondlin check all --preset quick exited with ${rc}")
endif()
foreach(f REPORT.md results.json)
  if(NOT EXISTS ${OUT}/${f})
    message(FATAL_ERROR "missing ${OUT}/${f}")
  endif()
endforeach()
