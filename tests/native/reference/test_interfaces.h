// Interfaces used by the tests only. IIDs are MADE UP (test-only).
#pragma once

#include "com.h"

struct WRLREF_NOVTABLE IFoo : IInspectable {
    virtual HRESULT STDMETHODCALLTYPE GetValue(int* value) = 0;
};
struct WRLREF_NOVTABLE IBar : IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Ping() = 0;
};
WRLREF_DEFINE_IID(IID_IFoo, ::IFoo, 0x7E570001, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01)
WRLREF_DEFINE_IID(IID_IBar, ::IBar, 0x7E570002, 0x0000, 0x4000, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02)
// An IID nobody implements.
inline constexpr IID IID_Nobody = {0x7E57FFFF, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 0xFF}};
