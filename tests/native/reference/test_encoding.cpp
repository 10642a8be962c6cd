// Count-or-pointer encoding (docs/winrt-internals.md §2.3, §4.1).
#include <cstdlib>

#include "check.h"
#include "refcount_encoding.h"
#include "wrl_weak.h"

using namespace wrlref;

TEST_CASE(encoding_native_round_trip) {
    for (int i = 0; i < 16; ++i) {
        void* p = std::malloc(static_cast<size_t>(16 + i * 8));
        INT_PTR word = encode_weak_reference_pointer(p);
        CHECK(is_weak_reference_pointer(word));
        CHECK(word < 0);
        CHECK_EQ(decode_weak_reference_pointer(word), p);
        std::free(p);
    }
    // Counts are never "pointers", including the saturated one.
    CHECK(!is_weak_reference_pointer(0));
    CHECK(!is_weak_reference_pointer(1));
    CHECK(!is_weak_reference_pointer(static_cast<INT_PTR>(kLongMax)));
    CHECK_EQ(kWeakReferencePointerFlag, static_cast<UINT_PTR>(1) << (sizeof(void*) * 8 - 1));
}

TEST_CASE(encoding_x64_example_from_winui) {
    // S4: 0x8000012ef8c676c0 -> 0x0000025df18ced80
    CHECK_EQ(decode_weak_reference_pointer64(0x8000012ef8c676c0ull), 0x0000025df18ced80ull);
    CHECK_EQ(encode_weak_reference_pointer64(0x0000025df18ced80ull), 0x8000012ef8c676c0ull);
}

TEST_CASE(encoding_x86_truncation_rule) {
    // Ordinary 32-bit pointer.
    CHECK_EQ(encode_weak_reference_pointer32(0x00401000u), 0x80200800u);
    CHECK_EQ(decode_weak_reference_pointer32(0x80200800u), 0x00401000u);
    // Large-address-aware / WOW64 pointer >= 0x80000000: bit 31 survives in encoded bit 30 (the
    // arithmetic shift copies it) and decoding with 32-bit truncation restores it.
    uint32_t high = 0x80001000u;
    uint32_t word = encode_weak_reference_pointer32(high);
    CHECK_EQ(word, 0xC0000800u);
    CHECK_EQ(decode_weak_reference_pointer32(word), high);
    // A 64-bit reader that forgets to truncate gets a wrong, 33-bit address.
    uint64_t untruncated = static_cast<uint64_t>(word) << 1;
    CHECK_EQ(untruncated, 0x180001000ull);
    CHECK(untruncated != high);
    CHECK_EQ(static_cast<uint32_t>(untruncated), high);
    // Every even 32-bit pointer round-trips.
    const uint32_t samples[] = {2u, 0x10000u, 0x7FFFFFFEu, 0x80000000u, 0xBFFFFFF0u, 0xC0000000u, 0xFFFFFFFEu};
    for (uint32_t p : samples) {
        uint32_t w = encode_weak_reference_pointer32(p);
        CHECK((w & 0x80000000u) != 0);
        CHECK_EQ(decode_weak_reference_pointer32(w), p);
    }
    // The flag bit is dropped by the shift; bit 0 is lost (blocks are >= 2-byte aligned).
    CHECK_EQ(decode_weak_reference_pointer32(encode_weak_reference_pointer32(0x00401001u)), 0x00401000u);
}

TEST_CASE(encoding_wrl_and_cppwinrt_agree) {
    // WRL shifts arithmetically, C++/WinRT logically: with the flag OR-ed in the words are equal.
    void* p = std::malloc(64);
    UINT_PTR logical = (reinterpret_cast<UINT_PTR>(p) >> 1) | kWeakReferencePointerFlag;
    CHECK_EQ(static_cast<UINT_PTR>(encode_weak_reference_pointer(p)), logical);
    auto* block = static_cast<Microsoft::WRL::Details::WeakReferenceImpl*>(p);
    CHECK_EQ(Microsoft::WRL::Details::EncodeWeakReferencePointer(block), encode_weak_reference_pointer(p));
    CHECK_EQ(static_cast<void*>(Microsoft::WRL::Details::DecodeWeakReferencePointer(encode_weak_reference_pointer(p))), p);
    std::free(p);
    for (uint32_t p32 : {0x00401000u, 0x80001000u, 0xFFFF0000u}) {
        uint32_t logical32 = (p32 >> 1) | 0x80000000u;
        CHECK_EQ(encode_weak_reference_pointer32(p32), logical32);
    }
}

TEST_CASE(sentinel_values) {
    CHECK_EQ(static_cast<uint32_t>(kWrlDestroyed), 0xC0000001u);
    CHECK_EQ(static_cast<uint32_t>(kWrlStrongCreating), 0x3FFFFFFFu);
    CHECK_EQ(static_cast<uint32_t>(kLongMax), 0x7FFFFFFFu);
}
