using System.Collections.Concurrent;

namespace SlaEscalation.Silo.Board;

/// <summary>The board's script and style sheet, built into the executable: nothing is fetched from elsewhere.</summary>
public static class BoardAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["board.js"] = "text/javascript; charset=utf-8",
        ["board.css"] = "text/css; charset=utf-8",
    };

    private static readonly ConcurrentDictionary<string, byte[]> Loaded = new(StringComparer.Ordinal);

    public static IResult Get(string name, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Types.TryGetValue(name, out var type))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(Loaded.GetOrAdd(name, Load), type);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(BoardAssets).Assembly.GetManifestResourceStream("SlaEscalation.Board." + name)
            ?? throw new InvalidOperationException($"The board asset {name} is not built into the executable.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
