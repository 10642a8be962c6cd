using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace WrlDbgExt.Engine.DataModel;

// The dbgmodel.h interfaces the engine calls on us (docs/debugger-engine.md §3), declared for the COM source
// generator: every pointer is an nint (nothing marshalled), optional out parameters raw pointers (the engine passes
// null for a metadata it does not want), every method [PreserveSig] (S_FALSE and E_BOUNDS matter),
// and every implementation catches everything itself (an exception must never reach the engine).

[GeneratedComInterface]
[Guid("FCB98D1D-1114-4FBF-B24C-EFFCB5DEF0D3")]
internal partial interface IDataModelConcept
{
    [PreserveSig] int InitializeObject(nint modelObject, nint matchingTypeSignature, nint wildcardMatches);

    [PreserveSig] int GetName(out nint modelName);
}

[GeneratedComInterface]
[Guid("D28E8D70-6C00-4205-940D-501016601EA3")]
internal partial interface IStringDisplayableConcept
{
    [PreserveSig] int ToDisplayString(nint contextObject, nint metadata, out nint displayString);
}

[GeneratedComInterface]
[Guid("5A0C63D9-0526-42B8-960C-9516A3254C85")]
internal partial interface IModelPropertyAccessor
{
    [PreserveSig] int GetValue(nint key, nint contextObject, out nint value);

    [PreserveSig] int SetValue(nint key, nint contextObject, nint value);
}

[GeneratedComInterface]
[Guid("80600C1F-B90B-4896-82AD-1C00207909E8")]
internal unsafe partial interface IModelMethod
{
    [PreserveSig] int Call(nint contextObject, ulong argCount, nint* arguments, nint* result, nint* metadata);
}

[GeneratedComInterface]
[Guid("F5D49D0C-0B02-4301-9C9B-B3A6037628F3")]
internal partial interface IIterableConcept
{
    [PreserveSig] int GetDefaultIndexDimensionality(nint contextObject, out ulong dimensionality);

    [PreserveSig] int GetIterator(nint contextObject, out nint iterator);
}

[GeneratedComInterface]
[Guid("E4622136-927D-4490-874F-581F3E4E3688")]
internal unsafe partial interface IModelIterator
{
    [PreserveSig] int Reset();

    [PreserveSig] int GetNext(nint* value, ulong dimensions, nint* indexers, nint* metadata);
}

[GeneratedComInterface]
[Guid("D1FAD99F-3F53-4457-850C-8051DF2D3FB5")]
internal unsafe partial interface IIndexableConcept
{
    [PreserveSig] int GetDimensionality(nint contextObject, out ulong dimensionality);

    [PreserveSig] int GetAt(nint contextObject, ulong indexerCount, nint* indexers, nint* value, nint* metadata);

    [PreserveSig] int SetAt(nint contextObject, ulong indexerCount, nint* indexers, nint value);
}
