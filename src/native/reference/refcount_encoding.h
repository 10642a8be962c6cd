// refcount_encoding.h — the count-or-pointer word shared by WRL (`refCount_`), C++/WinRT
// (`m_references`), WinUI and windows-rs (docs/winrt-internals.md §2.3, §4.1, §6).
//
// Flag = top bit of the pointer-sized word; "is pointer" <=> the signed word is negative.
// Encode: ((INT_PTR)p >> 1) | flag. Decode: (UINT_PTR)v << 1, modulo 2^pointer-bits.
// WRL shifts arithmetically, C++/WinRT logically; the flag makes the results identical.
#pragma once

#include "platform.h"

namespace wrlref {

inline constexpr UINT_PTR kWeakReferencePointerFlag = static_cast<UINT_PTR>(1) << (sizeof(void*) * 8 - 1);

inline bool is_weak_reference_pointer(INT_PTR word) noexcept { return word < 0; }

inline INT_PTR encode_weak_reference_pointer(const void* block) noexcept {
    // Needs a 2-byte aligned block: the shift drops bit 0.
    return static_cast<INT_PTR>(static_cast<UINT_PTR>(reinterpret_cast<INT_PTR>(block) >> 1) |
                                kWeakReferencePointerFlag);
}

inline void* decode_weak_reference_pointer(INT_PTR word) noexcept {
    return reinterpret_cast<void*>(static_cast<UINT_PTR>(word) << 1);
}

// Fixed-width forms, as a reader of another process computes them. A 64-bit reader of a 32-bit
// target MUST truncate: (uint32)(v << 1). Because encoding shifts rather than masks, 32-bit
// pointers >= 0x80000000 (large-address-aware / WOW64) still round-trip: pointer bit 31 survives
// in encoded bit 30 (§2.3).
constexpr uint32_t encode_weak_reference_pointer32(uint32_t block) noexcept {
    return static_cast<uint32_t>(static_cast<int32_t>(block) >> 1) | 0x80000000u;
}
constexpr uint32_t decode_weak_reference_pointer32(uint32_t word) noexcept {
    return static_cast<uint32_t>(word << 1);
}
constexpr uint64_t encode_weak_reference_pointer64(uint64_t block) noexcept {
    return static_cast<uint64_t>(static_cast<int64_t>(block) >> 1) | 0x8000000000000000ull;
}
constexpr uint64_t decode_weak_reference_pointer64(uint64_t word) noexcept { return word << 1; }

} // namespace wrlref
