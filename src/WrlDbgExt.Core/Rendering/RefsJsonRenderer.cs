using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;

namespace WrlDbgExt.Core.Rendering;

/// <summary><c>refs --json</c>: schema <c>wrldbg.refs</c> version 1 (Rendering/json-schema.md).</summary>
public static class RefsJsonRenderer
{
    public const string SchemaId = "wrldbg.refs";
    public const int SchemaVersion = 1;

    public static string Render(RefsReport report, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented)))
            Write(w, report);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, RefsReport report)
    {
        int ptr = report.PointerSize;
        var o = report.Object;
        w.WriteStartObject();
        w.WriteString("schema", SchemaId);
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("address", Hex.Json(report.Address));
        w.WriteBoolean("addressOnly", report.AddressOnly);

        w.WriteStartObject("object");
        w.WriteString("finding", o.Finding switch
        {
            ObjectFinding.Symbols => "symbols",
            ObjectFinding.BackLink => "back-link",
            ObjectFinding.Shape => "shape",
            ObjectFinding.Sibling => "sibling",
            ObjectFinding.Unreadable => "unreadable",
            _ => "not-found",
        });
        w.StringOrNull("flavour", o.Flavour?.Id);
        w.StringOrNull("className", o.ClassName);
        w.HexOrNull("start", o.ObjectStart);
        w.NumberOrNull("size", o.ObjectSize);
        w.WriteStartArray("interfacePointers");
        foreach (var p in o.InterfacePointers) w.WriteStringValue(Hex.Json(p));
        w.WriteEndArray();
        w.NumberOrNull("strongCount", o.StrongCount);
        w.HexOrNull("controlBlock", o.Block?.Address);
        w.StringOrNull("controlBlockState", o.Block?.State.Id());
        w.NumberOrNull("weakHolders", o.Block?.WeakHolders);
        JsonText.WriteReasons(w, o.Reasons, ptr);
        w.WriteEndObject();

        w.WriteStartArray("ranges");
        foreach (var r in report.Ranges)
        {
            w.WriteStartObject();
            w.WriteString("part", PartId(r.Part));
            w.WriteString("start", Hex.Json(r.Start));
            w.WriteNumber("size", r.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("counts");
        w.WriteNumber("object", report.Of(HeldPart.Object).Count());
        w.WriteNumber("controlBlock", report.Of(HeldPart.ControlBlock).Count());
        w.WriteNumber("address", report.Of(HeldPart.Address).Count());
        w.WriteNumber("stack", report.Holders.Count(h => h.Place == HolderPlace.Stack));
        w.WriteNumber("image", report.Holders.Count(h => h.Place == HolderPlace.Image));
        w.WriteNumber("other", report.Holders.Count(h => h.Place == HolderPlace.Other));
        w.WriteNumber("register", report.Registers.Count);
        w.WriteNumber("selfLinks", report.SelfLinks.Count);
        w.WriteNumber("totalHits", report.Scan.TotalHits);
        w.WriteEndObject();

        w.WriteStartArray("holders");
        foreach (var h in report.Holders) WriteHolder(w, h);
        w.WriteEndArray();
        w.WriteStartArray("selfLinks");
        foreach (var h in report.SelfLinks) WriteHolder(w, h);
        w.WriteEndArray();
        w.WriteStartArray("registers");
        foreach (var r in report.Registers) WriteRegister(w, r);
        w.WriteEndArray();

        var scan = report.Scan;
        w.WriteStartObject("search");
        w.WriteNumber("ranges", scan.Regions);
        w.WriteNumber("bytesListed", scan.BytesListed);
        w.WriteNumber("bytesSearched", scan.BytesSearched);
        w.WriteNumber("bytesMissing", scan.BytesMissing);
        w.WriteBoolean("registersSearched", report.RegistersSearched);
        w.WriteBoolean("threadsKnown", report.ThreadsKnown);
        w.WriteBoolean("hostUnwinds", report.HostUnwinds);
        w.WriteBoolean("truncatedList", scan.TotalHits > scan.Hits.Count);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    internal static void WriteRegister(Utf8JsonWriter w, RegisterHolder r)
    {
        w.WriteStartObject();
        w.WriteNumber("thread", r.ThreadId);
        w.WriteString("register", r.Register);
        w.WriteString("value", Hex.Json(r.Value));
        w.WriteString("part", PartId(r.Held.Part));
        w.WriteNumber("offset", (long)r.OffsetInHeld);
        w.WriteEndObject();
    }

    /// <summary>One holder; <paramref name="frames"/> false where hosts must print the same (the engine unwinds, the CLI guesses).</summary>
    internal static void WriteHolder(Utf8JsonWriter w, Holder h, bool frames = true)
    {
        w.WriteStartObject();
        w.WriteString("address", Hex.Json(h.Address));
        w.WriteString("value", Hex.Json(h.Value));
        w.WriteString("part", PartId(h.Held.Part));
        w.WriteNumber("offset", h.OffsetInHeld);
        w.WriteString("place", h.Place switch { HolderPlace.Stack => "stack", HolderPlace.Image => "image", _ => "other" });
        w.NumberOrNull("thread", h.ThreadId);
        w.NumberOrNull("aboveStackPointer", h.AboveStackPointer);
        if (frames) WriteFrame(w, h.Frame);
        w.StringOrNull("module", h.Module);
        if (h.ModuleOffset is { } mo) w.WriteNumber("moduleOffset", mo); else w.WriteNull("moduleOffset");
        w.StringOrNull("symbol", h.Symbol);
        if (h.SymbolDisplacement is { } d) w.WriteNumber("symbolDisplacement", d); else w.WriteNull("symbolDisplacement");
        w.HexOrNull("region", h.RegionStart);
        w.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter w, HolderFrame? frame)
    {
        if (frame is not { } f)
        {
            w.WriteNull("frame");
            return;
        }
        w.WriteStartObject("frame");
        w.WriteString("kind", f.Kind switch
        {
            FrameKind.Unwound => "unwound",
            FrameKind.BelowInnermost => "below-innermost",
            FrameKind.Guess => "guess",
            _ => "unknown",
        });
        w.NumberOrNull("number", f.Number);
        w.StringOrNull("symbol", f.Symbol);
        w.HexOrNull("returnAddressAt", f.ReturnAddressAt);
        w.WriteEndObject();
    }

    private static string PartId(HeldPart part) => part switch
    {
        HeldPart.Object => "object",
        HeldPart.ControlBlock => "control-block",
        HeldPart.BufferData => "buffer-data",
        _ => "address",
    };
}
