using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SlaEscalation.Contracts.Digests;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>
/// What this silo rendered of the digests it served, per report version. A read asks the digest for its report
/// unless it holds this version already (<see cref="IDigestAggregatorGrain.ReadAsync"/>): reading an unchanged
/// digest again costs a small grain call and no copy, serialization or rendering of the report. Each format is
/// rendered once per version, on its first read. At most <see cref="Capacity"/> digests are kept; beyond that one is
/// dropped, to be rendered again if read.
/// </summary>
public sealed class RenderedDigests(IOptions<HttpJsonOptions> json)
{
    /// <summary>How many digests are kept at most.</summary>
    public const int Capacity = 256;

    private readonly JsonSerializerOptions jsonOptions = json.Value.SerializerOptions;
    private readonly ConcurrentDictionary<string, Rendered> digests = new(StringComparer.Ordinal);

    /// <summary>The digest <paramref name="key"/> in <paramref name="format"/>, with its version.</summary>
    public async Task<(string Version, byte[] Body)> GetAsync(IGrainFactory grains, string key, DigestFormat format)
    {
        ArgumentNullException.ThrowIfNull(grains);
        digests.TryGetValue(key, out var known);
        var reading = await grains.GetGrain<IDigestAggregatorGrain>(key).ReadAsync(known?.Version);
        if (reading.Report is { } report)
        {
            if (digests.Count >= Capacity && !digests.ContainsKey(key))
            {
                digests.TryRemove(digests.Keys.First(), out _);
            }

            known = new Rendered(reading.Version, report);
            digests[key] = known;
        }

        return (known!.Version, known.Body(format, Render));
    }

    private byte[] Render(DigestReport report, DigestFormat format) => format switch
    {
        DigestFormat.Html => Encoding.UTF8.GetBytes(DigestHtml.Render(report)),
        DigestFormat.Markdown => Encoding.UTF8.GetBytes(DigestMarkdown.Render(report)),
        _ => JsonSerializer.SerializeToUtf8Bytes(report, jsonOptions),
    };

    /// <summary>One version of a digest and its formats rendered so far.</summary>
    private sealed class Rendered(string version, DigestReport report)
    {
        private readonly byte[]?[] bodies = new byte[]?[Enum.GetValues<DigestFormat>().Length];

        public string Version => version;

        // Two first reads at once may both render: the same bytes, one of them kept.
        public byte[] Body(DigestFormat format, Func<DigestReport, DigestFormat, byte[]> render) =>
            Volatile.Read(ref bodies[(int)format]) ?? Interlocked.CompareExchange(ref bodies[(int)format], render(report, format), null) ?? bodies[(int)format]!;
    }
}
