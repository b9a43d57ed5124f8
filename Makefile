# The two commands of the README: `make run` and `make test`. Everything else is a helper.
BUILD ?= build
SANITIZE_BUILD ?= build-sanitize
RELEASE_BUILD ?= build-release
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./data
# ccache (scripts/setup installs it) makes rebuilds and other worktrees cheap; a fresh CI machine
# starts with an empty cache.
CCACHE := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all setup build run test sanitize release format fuzz fuzz-build bench clean

all: build

setup:
	@./scripts/setup

# Developers' and CI builds treat warnings as errors; a plain `cmake` build (packagers) does not.
# Depends on this Makefile so that a changed configure line reaches existing build dirs.
$(BUILD)/CMakeCache.txt: Makefile
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSQLACC_WERROR=ON $(CCACHE)

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run $(BUILD)/sqlacc $(DATA) $(LISTEN)

# Every test of the main build, then the unit tests once more under ASan + UBSan.
test: build
	cd $(BUILD) && ctest --output-on-failure -j 2
	$(MAKE) sanitize

# The unit tests built with AddressSanitizer and UndefinedBehaviorSanitizer in a build dir of their
# own (only the unit_* targets); any report fails. unit_store_pg (the store's tests on a throw-away
# PostgreSQL) runs in the main build only.
sanitize: setup
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSQLACC_SANITIZE=ON -DSQLACC_WERROR=ON \
	  -DSQLACC_BENCH=OFF $(CCACHE)
	cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target unit_tests
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/support/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j 2 -R '^unit_' -E '^unit_store_pg$$'

# What a packager builds: Release, the compiler's warnings not errors. Only the server binary.
release: setup
	cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release -DSQLACC_BENCH=OFF $(CCACHE)
	cmake --build $(RELEASE_BUILD) -j $(JOBS) --target sqlacc

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

# libFuzzer targets (clang, ASan + UBSan) run FUZZ_SECONDS each (default 60); see scripts/fuzz. Their
# corpora and regression inputs live in fuzz/ and are replayed by `make test` (unit_fuzz_*).
fuzz: fuzz-build
	./scripts/fuzz build-fuzz

fuzz-build: setup
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DSQLACC_FUZZ=ON -DSQLACC_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=Debug $(CCACHE)
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets

# Every benchmark of bench/ once, short (bench/run; DURATION=10s etc. for longer runs).
bench: build
	./bench/run $(BUILD)

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(RELEASE_BUILD) build-fuzz
