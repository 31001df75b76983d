using Npgsql;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>The failure log on a real PostgreSQL, one fresh migrated database per test.</summary>
public sealed class PostgresDeliveryFailureLogTests : DeliveryFailureLogContractTests, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> dataSources = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    protected override async Task<IDeliveryFailureLog> CreateAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("failures");
        var dataSource = NpgsqlDataSource.Create(database);
        dataSources.Add(dataSource);
        return new PostgresDeliveryFailureLog(dataSource);
    }
}
