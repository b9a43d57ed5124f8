# The two commands of the README: `make run` and `make test`. Everything else is a helper.
BUILD ?= build
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./data

.PHONY: all setup build run test format fuzz bench clean

all: build

setup:
	@./scripts/setup

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run $(BUILD)/sqlacc $(DATA) $(LISTEN)

test: build
	cd $(BUILD) && ctest --output-on-failure -j 2

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

fuzz: setup
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DSQLACC_FUZZ=ON -DSQLACC_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	./scripts/fuzz build-fuzz

bench: build
	./bench/run $(BUILD)

clean:
	rm -rf $(BUILD) build-fuzz
