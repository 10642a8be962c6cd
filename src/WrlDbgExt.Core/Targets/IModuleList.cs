namespace WrlDbgExt.Core.Targets;

/// <summary>Opt-in capability: the target's loaded modules.</summary>
public interface IModuleList
{
    IReadOnlyList<TargetModule> Modules { get; }
}

public static class ModuleListExtensions
{
    public static TargetModule? FindByAddress(this IModuleList list, ulong address) =>
        list.Modules is ModuleTable table ? table.FindByAddress(address) : list.Modules.FirstOrDefault(m => m.Contains(address));

    /// <summary>Finds a module by engine-style name (<c>ntdll</c>) or file name (<c>ntdll.dll</c>).</summary>
    public static TargetModule? FindByName(this IModuleList list, string name) =>
        list.Modules.FirstOrDefault(m =>
            string.Equals(m.ModuleName, name, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(m.FileName, name, StringComparison.OrdinalIgnoreCase));
}
