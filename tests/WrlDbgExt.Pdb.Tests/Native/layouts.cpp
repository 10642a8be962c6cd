// Layouts the target fixtures lack, for the PDB reader tests: bitfields, a union, virtual and indirect
// virtual bases, a vfptr, nested types, a static member, enums with negative and 64-bit values, and an enum
// long enough that its field list continues through LF_INDEX. Compiled by the tests (TestPdbs.cs) with clang + lld-link.
struct Bits { unsigned a : 3; unsigned b : 5; int c : 12; unsigned long long d : 40; char e; };
union U { int i; float f; char c[8]; Bits b; };
struct VB { int v; virtual int f(); };
struct D1 : virtual VB { int d1; };
struct D2 : virtual VB { int d2; };
struct Diamond : D1, D2 { int x; struct Inner { short s; } in; static int st; enum E : short { A = -1, B = 70000 % 30000, C = 32767 }; };
int VB::f() { return v; }
int Diamond::st;
#define E10(p) p##0, p##1, p##2, p##3, p##4, p##5, p##6, p##7, p##8, p##9
#define E100(p) E10(p##0), E10(p##1), E10(p##2), E10(p##3), E10(p##4), E10(p##5), E10(p##6), E10(p##7), E10(p##8), E10(p##9)
#define E1000(p) E100(p##0), E100(p##1), E100(p##2), E100(p##3), E100(p##4), E100(p##5), E100(p##6), E100(p##7), E100(p##8), E100(p##9)
enum Big : long long { E1000(LongEnumeratorNameNumber_), E1000(OtherLongEnumeratorName_), Huge = 0x7fffffffffffffffLL, Neg = -5000000000LL };
Bits gb; U gu; Diamond* gd; Big gbig;
static int local_counter;
extern "C" int __stdcall Entry() { local_counter++; return gb.a + gu.i + gd->x + gd->f() + (int)gbig + local_counter; }
