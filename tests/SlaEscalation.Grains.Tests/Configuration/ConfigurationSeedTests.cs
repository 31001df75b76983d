using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>The seed file named by <c>Sla:SeedConfigurationFile</c>, loaded once into an empty store.</summary>
public sealed class ConfigurationSeedTests
{
    [Fact]
    public async Task An_empty_store_loads_the_seed_file_as_version_1_by_seed()
    {
        await using var cluster = await StartAsync(RepositoryFiles.ExampleJson);
        var store = cluster.Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);

        var snapshot = await store.GetAsync();
        var change = Assert.Single((await store.GetHistoryAsync(10, null)).Changes);

        Assert.Equal(1, snapshot.Version);
        Assert.Equal("seed", snapshot.ChangedBy);
        Assert.Equal(StoredConfiguration.Parse(File.ReadAllText(RepositoryFiles.ExampleJson)).Value!.Json, snapshot.Document);
        Assert.Equal((1L, "seed", ConfigurationPartKind.Document, (string?)null, snapshot.Document), (change.Version, change.Actor, change.Part, change.Before, change.After));
    }

    [Fact]
    public async Task An_invalid_seed_leaves_the_store_empty_and_says_why()
    {
        var file = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"calendars":{"x":{"zone":"Mars/Olympus","windows":{}}}}""");
        try
        {
            var read = ConfigurationSeed.Read(file);
            await using var cluster = await StartAsync(file);

            Assert.Equal("calendars.x.zone", Assert.Single(read.Errors).Path);
            Assert.Equal(0, (await cluster.Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value).GetAsync()).Version);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_yaml_seed_reads_as_the_json_seed_of_the_same_set()
    {
        var yaml = ConfigurationSeed.Read(Path.Combine(RepositoryFiles.Root, "deploy", "config", "example.yaml"));
        var json = ConfigurationSeed.Read(RepositoryFiles.ExampleJson);

        Assert.True(yaml.IsValid, string.Join("; ", yaml.Errors));
        Assert.Equal(json.Value!.Json, yaml.Value.Json);
    }

    [Fact]
    public void A_seed_that_is_neither_json_nor_yaml_is_refused_by_name()
    {
        var read = ConfigurationSeed.Read(Path.Combine(RepositoryFiles.Root, "deploy", "config", "example.toml"));

        Assert.Contains("is not a .json, .yaml or .yml file", Assert.Single(read.Errors).Message, StringComparison.Ordinal);
    }

    private static async Task<InProcessTestCluster> StartAsync(string seedFile)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Sla:SeedConfigurationFile"] = seedFile }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ConfigurationGrain.StorageName);
            silo.Services.AddSlaConfiguration();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
