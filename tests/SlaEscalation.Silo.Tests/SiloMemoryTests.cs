using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>What the silo keeps in memory beyond its activations (docs/performance.md, "What the event bus held").</summary>
public sealed class SiloMemoryTests
{
    [Fact]
    public async Task The_directory_cache_keeps_a_hundred_thousand_addresses_not_a_million()
    {
        static string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = await SiloApplication.BuildAsync([$"--Cluster:SiloPort={Port()}", $"--Http:Port={Port()}"]);

        var cacheSize = app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;
        Assert.Equal(OrleansSiloBuilderExtensions.DirectoryCacheSize, cacheSize);
        Assert.Equal(100_000, cacheSize);
    }
}
