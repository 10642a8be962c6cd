// The two CRT routines clang emits calls to for aggregate initialisation and copies, since the
// targets link no CRT. Built at -O0, so these loops are not turned back into calls to themselves.
#include <stddef.h>

extern "C" void* memset(void* destination, int value, size_t count) {
    unsigned char* d = static_cast<unsigned char*>(destination);
    while (count--) *d++ = static_cast<unsigned char>(value);
    return destination;
}

extern "C" void* memcpy(void* destination, const void* source, size_t count) {
    unsigned char* d = static_cast<unsigned char*>(destination);
    const unsigned char* s = static_cast<const unsigned char*>(source);
    while (count--) *d++ = *s++;
    return destination;
}
