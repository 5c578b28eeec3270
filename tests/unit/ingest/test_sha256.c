/* Unit tests of sha256.c (the ingest stage's digest of the input files, for inputs.csv). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sha256.h"

static void test_sha256_vectors(void **state)
{
    (void)state;
    /* FIPS 180-4 examples */
    struct { const char *msg; const char *hex; } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        qtr_sha256 c;
        char hex[65];
        qtr_sha256_init(&c);
        /* fed one byte at a time: block boundaries must not matter */
        for (const char *p = v[i].msg; *p; p++)
            qtr_sha256_update(&c, p, 1);
        qtr_sha256_final(&c, hex);
        assert_string_equal(hex, v[i].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
