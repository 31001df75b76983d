using Npgsql;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>A migrated database of its own on the shared throwaway PostgreSQL server, for one test.</summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private NpgsqlDataSource? dataSource;

    /// <summary>A data source over a new migrated database named after <paramref name="name"/>.</summary>
    public async Task<NpgsqlDataSource> CreateAsync(string name)
    {
        dataSource = NpgsqlDataSource.Create(await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync(name));
        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
