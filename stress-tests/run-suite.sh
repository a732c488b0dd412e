#!/usr/bin/env bash
# Runs the jcstress suite in stress-tests/target/jcstress.jar and fails when anything went wrong,
# including the cases where jcstress itself exits 0: tests skipped for lack of CPUs (3 or more actors on
# a 2-core machine), a -t filter that matches nothing, results graded FAILED or ERROR.
#
# Usage: stress-tests/run-suite.sh [jcstress options]     (default: -m quick -sc false)
#   JCSTRESS_RESULTS  directory for the HTML report, the result blob and console.log
#                     (default: stress-tests/target/jcstress-results)
#   JAVA_HOME         when set, $JAVA_HOME/bin/java runs the suite; otherwise java from PATH
#
# Exit status: 0 if every expected test ran and passed, 1 if not, 2 on a usage or setup error.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/target/jcstress.jar"
results="${JCSTRESS_RESULTS:-$here/target/jcstress-results}"
if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
else
    java=java
fi

if [[ $# -eq 0 ]]; then
    set -- -m quick -sc false
fi

die() {
    echo "run-suite: $*" >&2
    exit 2
}

# The report directory is chosen here; a -r among the arguments would send it elsewhere.
filter=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        -r) die "set JCSTRESS_RESULTS instead of passing -r" ;;
        -t) filter="${args[i + 1]:-}" ;;
        -l|-h|-p) die "${args[i]} does not run tests; call java -jar $jar ${args[i]} directly" ;;
    esac
done

[[ -f "$jar" ]] || die "$jar not found: build it with 'mvn -pl stress-tests package' first"
command -v "$java" >/dev/null 2>&1 || die "no java at '$java'"

mkdir -p "$results" || die "cannot create $results"
results=$(cd "$results" && pwd)
# Remove only what an earlier run of this script left, so that the counts below are this run's.
rm -f "$results"/*.html "$results"/jcstress-results-*.bin.gz "$results"/console.log

# ---- the tests the jar holds (one line per @JCStressTest in META-INF/TestList) ----------------------
read_test_list() {
    if command -v unzip >/dev/null 2>&1; then
        unzip -p "$jar" META-INF/TestList
    else
        local tmp
        tmp=$(mktemp -d) || return 1
        (cd "$tmp" && "$(dirname "$java")/jar" xf "$jar" META-INF/TestList) && cat "$tmp/META-INF/TestList"
        rm -rf "$tmp"
    fi
}

# Each line starts with JCTEST, then the length of the test name, S, and the name itself.
test_names() {
    local line rest length
    while IFS= read -r line; do
        [[ "$line" == JCTEST* ]] || continue
        rest=${line#JCTEST}
        length=${rest%%S*}
        rest=${rest#*S}
        printf '%s\n' "${rest:0:length}"
    done
}

all_tests=$(read_test_list | test_names | sort -u)
[[ -n "$all_tests" ]] || die "no tests in META-INF/TestList of $jar"

if [[ -n "$filter" ]]; then
    # jcstress's own listing applies the filter exactly as a run does (Matcher.find on the name).
    listed=$("$java" -jar "$jar" -l -t "$filter" 2>/dev/null | tr -d '\r' | sort -u)
    expected=$(comm -12 <(printf '%s\n' "$all_tests") <(printf '%s\n' "$listed"))
else
    expected=$all_tests
fi
expected_count=$(printf '%s' "$expected" | grep -c . || true)
(( expected_count > 0 )) || die "no test matches the filter '$filter'"

# ---- the run -----------------------------------------------------------------------------------------
echo "run-suite: $("$java" -version 2>&1 | head -n 1)"
echo "run-suite: $expected_count tests expected; arguments: $*; results in $results"
start=$SECONDS
# jcstress writes its result blob into the working directory: run it from the results directory.
(cd "$results" && "$java" -jar "$jar" "$@" -r "$results") 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}
duration=$((SECONDS - start))
log="$results/console.log"

failures=()
[[ $status -eq 0 ]] || failures+=("jcstress exited with status $status")

# Per-result status lines ([FAILED], [ERROR], [TIMEOUT], [VM ERROR]), the failure dump, fatal errors.
if grep -Eq '(^|[[:space:].])\[(FAILED|ERROR|TIMEOUT|VM ERROR)\] ' "$log"; then
    failures+=("results graded FAILED or ERROR: $(grep -E '(^|[[:space:].])\[(FAILED|ERROR|TIMEOUT|VM ERROR)\] ' "$log" | sort -u | tr -s ' ' | head -n 10 | tr '\n' ';')")
fi
grep -q 'TEST FAILURES:' "$log" && failures+=("jcstress printed TEST FAILURES")
grep -q 'FATAL:' "$log" && failures+=("jcstress: $(grep -m1 'FATAL:' "$log")")
grep -q 'these tests would not run' "$log" && failures+=("jcstress could not schedule some tests (too many actors for the CPUs)")

# The closing summary: "Failed tests: No matches." / "Error tests: N matching test results. ..."
for section in 'Failed tests' 'Error tests'; do
    line=$(grep -E "^[[:space:]]*$section:" "$log" | tail -n 1)
    if [[ -z "$line" ]]; then
        failures+=("no '$section' line in the output: the run did not finish")
    elif [[ "$line" != *"No matches."* ]]; then
        failures+=("$(echo "$line" | sed 's/^[[:space:]]*//')")
    fi
done

# The last progress line: (Results: N planned; P passed, F failed, S soft errs, H hard errs)
progress=$(grep -Eo '\(Results: [0-9]+ planned; [0-9]+ passed, [0-9]+ failed, [0-9]+ soft errs, [0-9]+ hard errs\)' "$log" | tail -n 1)
planned=0 passed=0 failed=0 soft=0 hard=0
if [[ -z "$progress" ]]; then
    failures+=("no '(Results: ...)' progress line in the output")
else
    read -r planned passed failed soft hard < <(echo "$progress" | grep -Eo '[0-9]+' | tr '\n' ' ')
    if (( failed + soft + hard > 0 )); then
        failures+=("$failed results failed, $soft soft errors, $hard hard errors")
    fi
    if (( passed != planned )); then
        failures+=("$passed of $planned planned results passed")
    fi
fi

# Tests that ran: the HTML report has one page per test, named after it.
ran=$(cd "$results" && ls -1 -- *.html 2>/dev/null | grep -v '^index\.html$' | sed 's/\.html$//' | sort -u)
ran_count=$(printf '%s' "$ran" | grep -c . || true)
if (( ran_count < expected_count )); then
    missing=$(comm -23 <(printf '%s\n' "$expected") <(printf '%s\n' "$ran") | tr '\n' ' ')
    failures+=("only $ran_count of $expected_count tests ran; missing: $missing")
fi

echo
echo "run-suite: tests run $ran_count/$expected_count, results $passed/$planned passed," \
    "$failed failed, $((soft + hard)) errors, jcstress status $status, duration ${duration}s"
if (( ${#failures[@]} > 0 )); then
    for failure in "${failures[@]}"; do
        echo "run-suite: FAIL: $failure"
    done
    exit 1
fi
echo "run-suite: PASS"
