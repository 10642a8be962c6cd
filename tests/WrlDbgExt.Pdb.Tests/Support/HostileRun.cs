using System.Diagnostics;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>Opens a damaged PDB and asks it everything; only <see cref="PdbFormatException"/> may come out, quickly.</summary>
internal static class HostileRun
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Returns how many questions ended in a PdbFormatException; fails on any other exception or a slow run.</summary>
    public static int Exercise(byte[] bytes, string label)
    {
        using var file = new TemporaryPdb(bytes);
        var clock = Stopwatch.StartNew();
        int refused = 0;
        void Ask(Action question)
        {
            try { question(); }
            catch (PdbFormatException e) { CheckMessage(e, label); refused++; }
            catch (Exception e) when (e is not AssertFailedException) { Assert.Fail($"{label}: {e.GetType().Name}: {e.Message}"); }
        }
        PdbFile? opened = null;
        Ask(() => opened = PdbFile.Open(file.Path));
        if (opened is not null)
        {
            using var pdb = opened;
            AskEverything(pdb, Ask);
        }
        Assert.IsTrue(clock.Elapsed < Bound, $"{label}: took {clock.Elapsed}");
        return refused;
    }

    private static void AskEverything(PdbFile pdb, Action<Action> ask)
    {
        ask(() => _ = (pdb.Guid, pdb.Age, pdb.Info.NamedStreams.Count));
        ask(() => _ = (pdb.Dbi.Modules.Count, pdb.SectionHeaders?.Sections.Count, pdb.HasTypes, pdb.HasDbi));
        ask(() =>
        {
            for (uint i = pdb.Types.FirstIndex; i < pdb.Types.EndIndex; i++)
            {
                uint index = i;
                ask(() =>
                {
                    var type = pdb.Types.Get(index);
                    if (type is not (UdtType or EnumType)) return;
                    ask(() => pdb.Types.FieldsOf(index));
                    ask(() => pdb.Types.SizeOf(index));
                    ask(() => pdb.Types.NameOf(index));
                    ask(() => pdb.Types.DeclaresVirtualMethod(index));
                    ask(() => pdb.Types.FindByName(type is UdtType u ? u.Name : ((EnumType)type).Name));
                });
            }
        });
        ask(() => _ = pdb.Symbols.Publics.Count);
        ask(() => _ = pdb.Symbols.GlobalData.Count);
        ask(() => _ = pdb.Symbols.GlobalsInHashOrder().Count);
        ask(() =>
        {
            for (int m = 0; m < pdb.Symbols.ModuleCount; m++)
            {
                int module = m;
                ask(() => _ = pdb.Symbols.ModuleSymbols(module).Count);
            }
        });
        ask(() => pdb.Symbols.FindNearest(0x1010));
    }

    private static void CheckMessage(PdbFormatException e, string label) =>
        Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message) || e.Message.Contains('\n'), $"{label}: message '{e.Message}' is not one line");
}
