using System.Buffers.Binary;
using System.Text;

namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>Encodes the CodeView records that MINIDUMP_MODULE.CvRecord points at.</summary>
internal static class CodeViewRecord
{
    public const uint RsdsSignature = 0x53445352; // 'RSDS'
    public const uint Nb10Signature = 0x3031424E; // 'NB10'

    /// <summary>'RSDS', GUID (in-memory order, as Guid.ToByteArray gives it), u32 age, UTF-8 path, NUL.</summary>
    public static byte[] Rsds(Guid guid, uint age, string pdbPath)
    {
        var name = Encoding.UTF8.GetBytes(pdbPath);
        var record = new byte[4 + 16 + 4 + name.Length + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(record, RsdsSignature);
        guid.ToByteArray().CopyTo(record, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), age);
        name.CopyTo(record, 24);
        return record;
    }

    /// <summary>'NB10', u32 offset (always 0), u32 signature (a timestamp), u32 age, name, NUL.</summary>
    public static byte[] Nb10(uint signature, uint age, string pdbPath)
    {
        var name = Encoding.UTF8.GetBytes(pdbPath);
        var record = new byte[16 + name.Length + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(record, Nb10Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), signature);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), age);
        name.CopyTo(record, 16);
        return record;
    }
}
