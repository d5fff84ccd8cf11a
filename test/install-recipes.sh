#!/usr/bin/env bash
# Issue #12: a script written outside the project (scratch/ring.cc, four
# routers with point-to-point links and a CSMA LAN) compiles and runs with
# each documented recipe after `cmake --install` (to a temporary prefix:
# both recipes are relocatable), and from scratch/ (build/scratch/ring).
#   test/install-recipes.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Three routers synchronized, at strata 2, 3 and 2 (R1 is stratum 1).
check_run() { # LABEL PROGRAM
    local out
    out=$("$2" --simTime=2000) || fail "$1: exit $?"
    grep -q "^R2: synchronized, stratum 2," <<<"$out" &&
        grep -q "^R3: synchronized, stratum 3," <<<"$out" &&
        grep -q "^R4: synchronized, stratum 2," <<<"$out" || fail "$1: $out"
    echo "ok: $1"
}

cmake --install "$build" --prefix "$work/prefix" >/dev/null
for file in include/ns3/ntp-peer-module.h include/ns3/ntp-engine.h lib/pkgconfig/ns3-ntp-peer.pc \
    lib/cmake/ntp-peer/ntp-peer-config.cmake; do
    [ -f "$work/prefix/$file" ] || fail "cmake --install: no $file"
done
ls "$work/prefix"/lib/libntp-peer.so* >/dev/null || fail "cmake --install: no library"
mkdir "$work/script"
cp "$source_dir/scratch/ring.cc" "$work/script/"

# Recipe 1: g++ my.cc $(pkg-config --cflags --libs ns3-ntp-peer)
(
    cd "$work/script"
    export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
    # shellcheck disable=SC2046
    g++ -o ring-pkg-config ring.cc $(pkg-config --cflags --libs ns3-ntp-peer)
) || fail "the pkg-config recipe does not compile"
check_run "pkg-config recipe" "$work/script/ring-pkg-config"

# Recipe 2: find_package(ntp-peer), target ntp-peer::ntp-peer
cat >"$work/script/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(my-ring CXX)
find_package(ntp-peer REQUIRED)
add_executable(ring ring.cc)
target_link_libraries(ring PRIVATE ntp-peer::ntp-peer)
CMAKE
cmake -S "$work/script" -B "$work/script/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null ||
    fail "find_package(ntp-peer) does not configure"
cmake --build "$work/script/build" >/dev/null || fail "the CMake recipe does not compile"
check_run "CMake package recipe" "$work/script/build/ring"

# scratch/: built with the project.
check_run "scratch/ring.cc" "$build/scratch/ring"
