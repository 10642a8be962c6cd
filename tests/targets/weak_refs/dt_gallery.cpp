// The dt gallery: one type of every kind the engine's dt prints (bitfields, enums, unions, anonymous members,
// arrays of every rank, characters, floating point, pointers of every shape, static members, virtual bases),
// with constant values in the image's data (captured by the fixtures' /mhid dumps), so that `wrldbg dt`
// is compared with the engine's on more than the flavours' types. Nothing here takes part in a scenario.
#include "platform.h"

namespace gallery {

enum Colour { Red, Green = 5, Blue = -1 };
enum class Small : unsigned char { A = 1, B = 200 };

struct Bits {
    unsigned int low : 1;
    unsigned int mid : 4;
    unsigned int high : 27;
    int signedBits : 7;
    unsigned long long wide : 40;
};

union Overlay {
    int asInt;
    float asFloat;
    unsigned char bytes[4];
};

struct Point {
    short x;
    short y;
};

typedef int (*Callback)(int, void*);

int Twice(int value, void*) { return value * 2; }

struct Everything {
    char c;
    signed char sc;
    unsigned char uc;
    short s;
    unsigned short us;
    int i;
    unsigned int ui;
    long l;
    unsigned long ul;
    long long ll;
    unsigned long long ull;
    bool b;
    wchar_t wc;
    char16_t c16;
    char32_t c32;
    float f;
    double d;
    Colour colour;
    Small small;
    Bits bits;
    Overlay overlay;
    Point origin;
    Point points[3];
    Point grid[2][2];
    char name[8];
    wchar_t wname[6];
    unsigned char raw[5];
    int* pi;
    int** ppi;
    void* pv;
    const char* text;
    const wchar_t* wtext;
    Callback callback;
    Point* point;
    Everything* self;
    Colour* pcolour;
    struct {
        int inner;
        short innerShort;
    } anonymousStruct;
    union {
        int u1;
        short u2;
    };
    static int s_count;
    static const int s_constant = 3;
};

int Everything::s_count = 7;

struct VirtualBase {
    int vb;
};
struct Left : virtual VirtualBase {
    int left;
};
struct Right : virtual VirtualBase {
    int right;
};
struct Diamond : Left, Right {
    int own;
};

struct Polymorphic {
    virtual int Value() const { return 1; }
    int field;
};
struct DerivedPolymorphic : Polymorphic {
    int Value() const override { return 2; }
    Point where;
};

// Where the engine puts a nested class's __VFN_table row with -r (docs/pdb-format.md §18).
struct VHolder {
    int pad;
    Polymorphic first;
    Polymorphic second;
    DerivedPolymorphic third;
    Polymorphic* pointer;
    DerivedPolymorphic* pointer2;
};
struct VHolder2 : Polymorphic {
    Polymorphic member;
    Polymorphic* pointer;
    DerivedPolymorphic derived;
};

// Static members of every shape: which the type form prints, and how.
struct Statics {
    int plain;
    static int s_int;
    static char* s_text;
    static Point s_point;
    static int s_array[3];
    static Colour s_colour;
    static Point* s_pointer;
    static const int s_declaredOnly = 9;
};

// Byte sequences in char and wchar_t arrays: how the engine quotes what is not ASCII.
struct Strings {
    char s[16][6];
    wchar_t w[6][4];
    unsigned char u[3][4];
    char* pointers[4];
};

}  // namespace gallery

int g_galleryInt = 0x1234;
char g_galleryText[] = "gallery";  // writable: in the dump's data (the engine would read .rdata from the image file)
wchar_t g_galleryWide[] = L"wide";

gallery::Everything g_everything = {
    'A', -3, 0xF0, -2, 0xFFFE, -70000, 3000000000u, -5, 6, -0x123456789LL, 0xFEDCBA9876543210ull,
    true, L'W', u'x', U'y', 1.5f, -2.25,
    gallery::Blue, gallery::Small::B,
    {1, 9, 0x5555555, -20, 0xABCDEF1234ull},
    {0x41424344},
    {7, -8},
    {{1, 2}, {3, 4}, {5, 6}},
    {{{10, 11}, {12, 13}}, {{14, 15}, {16, 17}}},
    "name",
    L"wname",
    {0, 1, 0x7F, 0x80, 0xFF},
    &g_galleryInt,
    nullptr,
    &g_galleryInt,
    g_galleryText,
    g_galleryWide,
    &gallery::Twice,
    &g_everything.origin,
    &g_everything,
    &g_everything.colour,
    {42, -42},
    {0x10001},
};

// Globals of every shape for ln's "= value" (docs/pdb-format.md §17).
gallery::Colour g_oddColour = static_cast<gallery::Colour>(7);
gallery::Small g_small = gallery::Small::B;
wchar_t* g_widePointer = g_galleryWide;
unsigned int g_bigUnsigned = 0xABCDEF;
unsigned long long g_hugeUnsigned = 0x123456789ABCull;
bool g_flag = true;
float g_float = 2.5f;
double g_double = -0.125;
char g_letter = 'Q';
unsigned char g_byte = 0xC8;
short g_short = -12;
char* g_nullText = nullptr;
int* g_intPointer = &g_galleryInt;
gallery::Point g_points[2] = {{1, 2}, {3, 4}};

int gallery::Statics::s_int = 11;
char* gallery::Statics::s_text = g_galleryText;
gallery::Point gallery::Statics::s_point = {21, 22};
int gallery::Statics::s_array[3] = {31, 32, 33};
gallery::Colour gallery::Statics::s_colour = gallery::Green;
gallery::Point* gallery::Statics::s_pointer = &gallery::Statics::s_point;
gallery::Statics g_statics = {99};

#define B(x) static_cast<char>(x)
gallery::Strings g_strings = {
    {
        {B(0xA0), B(0xF8), 0},
        {B(0xF8), 0},
        {B(0xE2), 'b', '@', 0},
        {B(0xC3), B(0xA9), 0},
        {B(0xE4), B(0xBD), B(0xA0), 0},
        {'a', B(0x80), 'b', 0},
        {B(0xC3), 'x', 0},
        {B(0xFF), B(0xFE), 0},
        {B(0xF0), B(0x9F), B(0x98), B(0x80), 0},
        {'A', B(0xFD), B(0xF0), 0},
        {0x7F, 'z', 0},
        {0x01, 'a', 0},
        {'a', 'b', 'c', 'd', 'e', 'f'},
        {'\t', '\n', 'q', 0},
        {B(0x80), B(0x80), B(0x80), B(0x80), 'k', 0},
        {B(0xC3), B(0xA9), B(0xC3), 0},
    },
    {
        {0xD800, L'a', 0},
        {0x0C00, L'b', 0},
        {0x0001, L'c', 0},
        {0x00E9, 0x4F60, 0},
        {0xFFFF, 0},
        {0x00A0, 0x2028, 0},
    },
    {
        {0xC3, 0xA9, 0},
        {'u', 0x90, 0},
        {0},
    },
    {g_strings.s[0], g_strings.s[4], g_strings.s[12], nullptr},
};
#undef B

// Virtual bases need a constructor run (their vbptr is set at construction): Fill places them at start-up.
alignas(8) unsigned char g_diamondStorage[sizeof(gallery::Diamond)];
alignas(8) unsigned char g_polymorphicStorage[sizeof(gallery::DerivedPolymorphic)];
alignas(8) unsigned char g_vholderStorage[sizeof(gallery::VHolder)];
alignas(8) unsigned char g_vholder2Storage[sizeof(gallery::VHolder2)];

namespace gallery {
void Fill() {
    auto* diamond = wrlref::construct_at<Diamond>(g_diamondStorage);
    diamond->vb = 1;
    diamond->left = 2;
    diamond->right = 3;
    diamond->own = 4;
    auto* polymorphic = wrlref::construct_at<DerivedPolymorphic>(g_polymorphicStorage);
    polymorphic->field = 5;
    polymorphic->where = {6, 7};
    auto* holder = wrlref::construct_at<VHolder>(g_vholderStorage);
    holder->pad = 1;
    holder->pointer = &holder->second;
    holder->pointer2 = polymorphic;
    auto* holder2 = wrlref::construct_at<VHolder2>(g_vholder2Storage);
    holder2->pointer = &holder2->member;
}
}  // namespace gallery
