# Entry points; see README.md. Everything is built with CMake + Ninja, cached by ccache.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# Seconds each libFuzzer target runs in `make test-fuzz` (CI); run tests/fuzz/run.sh longer by hand.
FUZZ_SECONDS ?= 40
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build run test test-asan test-fuzz clean

deps:
	docker/install-build-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

## Build and start Tessera on its embedded default (http://0.0.0.0:8081, data in ./data).
run: build
	$(BUILD)/src/tessera $(ARGS)

## Build and run the whole suite: unit, HTTP, integration and the Confluent conformance replay,
## then the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer, then a short
## libFuzzer run of every parser of untrusted input.
test: deps
	docker/install-build-deps.sh --with-test-tools
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	$(MAKE) test-asan
	$(MAKE) test-fuzz

test-asan:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTESSERA_ENABLE_ASAN=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -L unit

## libFuzzer targets (clang, build-fuzz/), FUZZ_SECONDS each; fails on any crash, leak or hang.
test-fuzz:
	docker/install-build-deps.sh --with-fuzz
	FUZZ_BUILD=$(FUZZ_BUILD) JOBS=$(JOBS) tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
