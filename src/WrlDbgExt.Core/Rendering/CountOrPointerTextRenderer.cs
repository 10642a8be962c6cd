using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>Human report for a count-or-pointer word, followed by its control block's report in pointer mode.</summary>
public static class CountOrPointerTextRenderer
{
    public static string Render(CountOrPointerReport report, Func<string, string>? wordCommand = null)
    {
        int ptr = report.Word.PointerSize;
        var sb = new System.Text.StringBuilder();
        sb.Append($"count-or-pointer word at {Hex.Pointer(report.Address, ptr)} = {Hex.Raw(report.Word.Raw, ptr)}\n");
        sb.Append($"mode    : {(report.Word.IsPointer ? "pointer" : "count")}{(report.Plausible ? "" : " (implausible: see below)")}\n");
        foreach (var reason in report.Reasons)
            sb.Append(ReasonText.Render(reason, ptr, wordCommand)).Append('\n');
        if (report.Block is { } block)
            sb.Append('\n').Append(WeakReferenceTextRenderer.Render(block, wordCommand));
        return sb.ToString();
    }
}
