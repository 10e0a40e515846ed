/*
 * fuzz: what every fuzz target shares.  CHECK(cond) states a promise of
 * the code under test: when it is broken the target prints where and
 * aborts, which libFuzzer (and the replay driver, through the sanitizers)
 * reports as a crash with the input that caused it.
 */
#ifndef SHOUHU_FUZZ_H
#define SHOUHU_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
