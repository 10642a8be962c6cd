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
            ObjectFinding.Unreadable => "unreadable",
            _ => "not-found",
        });
        Nullable(w, "flavour", o.Flavour?.Id);
        Nullable(w, "className", o.ClassName);
        NullableHex(w, "start", o.ObjectStart);
        if (o.ObjectSize is { } size) w.WriteNumber("size", size); else w.WriteNull("size");
        w.WriteStartArray("interfacePointers");
        foreach (var p in o.InterfacePointers) w.WriteStringValue(Hex.Json(p));
        w.WriteEndArray();
        if (o.StrongCount is { } s) w.WriteNumber("strongCount", s); else w.WriteNull("strongCount");
        NullableHex(w, "controlBlock", o.Block?.Address);
        Nullable(w, "controlBlockState", o.Block?.State.Id());
        if (o.Block?.WeakHolders is { } wh) w.WriteNumber("weakHolders", wh); else w.WriteNull("weakHolders");
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
        foreach (var r in report.Registers)
        {
            w.WriteStartObject();
            w.WriteNumber("thread", r.ThreadId);
            w.WriteString("register", r.Register);
            w.WriteString("value", Hex.Json(r.Value));
            w.WriteString("part", PartId(r.Held.Part));
            w.WriteNumber("offset", (long)r.OffsetInHeld);
            w.WriteEndObject();
        }
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

    private static void WriteHolder(Utf8JsonWriter w, Holder h)
    {
        w.WriteStartObject();
        w.WriteString("address", Hex.Json(h.Address));
        w.WriteString("value", Hex.Json(h.Value));
        w.WriteString("part", PartId(h.Held.Part));
        w.WriteNumber("offset", h.OffsetInHeld);
        w.WriteString("place", h.Place switch { HolderPlace.Stack => "stack", HolderPlace.Image => "image", _ => "other" });
        if (h.ThreadId is { } t) w.WriteNumber("thread", t); else w.WriteNull("thread");
        if (h.AboveStackPointer is { } above) w.WriteNumber("aboveStackPointer", above); else w.WriteNull("aboveStackPointer");
        if (h.Frame is { } f)
        {
            w.WriteStartObject("frame");
            w.WriteString("kind", f.Kind switch
            {
                FrameKind.Unwound => "unwound",
                FrameKind.BelowInnermost => "below-innermost",
                FrameKind.Guess => "guess",
                _ => "unknown",
            });
            if (f.Number is { } n) w.WriteNumber("number", n); else w.WriteNull("number");
            Nullable(w, "symbol", f.Symbol);
            NullableHex(w, "returnAddressAt", f.ReturnAddressAt);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("frame");
        }
        Nullable(w, "module", h.Module);
        if (h.ModuleOffset is { } mo) w.WriteNumber("moduleOffset", mo); else w.WriteNull("moduleOffset");
        Nullable(w, "symbol", h.Symbol);
        if (h.SymbolDisplacement is { } d) w.WriteNumber("symbolDisplacement", d); else w.WriteNull("symbolDisplacement");
        NullableHex(w, "region", h.RegionStart);
        w.WriteEndObject();
    }

    private static string PartId(HeldPart part) => part switch
    {
        HeldPart.Object => "object",
        HeldPart.ControlBlock => "control-block",
        _ => "address",
    };

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is { } v) w.WriteString(name, v); else w.WriteNull(name);
    }

    private static void NullableHex(Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is { } v) w.WriteString(name, Hex.Json(v)); else w.WriteNull(name);
    }
}
