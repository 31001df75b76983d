using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>
/// The durable set-up of docs/operating.md: a migration role that owns the tables, and silos logging in as a member
/// of <c>sla_app</c>, which may write everything but the audit trail, and there only add and read.
/// </summary>
public sealed class TwoRoleTests
{
    [Fact]
    public async Task Migrate_and_a_silo_work_with_two_roles_and_the_silos_role_cannot_change_or_delete_audit_rows()
    {
        var server = await PostgresServer.GetAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (owner, silo) = ($"sla_owner_{suffix}", $"sla_silo_{suffix}");
        var database = await server.CreateDatabaseAsync("roles");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using (var admin = NpgsqlDataSource.Create(server.AdminConnectionString))
        {
            // Roles are the server's, not the database's: sla_app may exist from an earlier run.
            await ExecuteAsync(admin, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sla_app') THEN CREATE ROLE sla_app NOLOGIN; END IF; END $$");
            await ExecuteAsync(admin, $"CREATE ROLE {owner} LOGIN PASSWORD 'owner'; CREATE ROLE {silo} LOGIN PASSWORD 'silo' IN ROLE sla_app; ALTER DATABASE \"{name}\" OWNER TO {owner}");
        }

        string As(string user) => new NpgsqlConnectionStringBuilder(database) { Username = user, Password = user == owner ? "owner" : "silo" }.ConnectionString;
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(SiloCommandLine.ExitOk, await SiloCommandLine.RunAsync(["migrate", "--postgres", As(owner)], output, error));
        }

        var environment = SiloProcess.Environment("silo-roles", "roles-" + suffix, As(silo));
        await using (var running = await SiloProcess.StartAsync(environment))
        {
            await running.Http.PutJsonAsync("/v1/calendars/ny", JsonNode.Parse("""{"zone":"America/New_York","windows":{"mon-fri":[["09:00","17:00"]]}}""")!);
            var (status, _) = await running.Http.PostEventsAsync(GatewayRequests.Created("zendesk:1", "evt-1", DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.Equal(HttpStatusCode.Accepted, status);
            var config = await running.Http.GetFromJsonAsync<JsonObject>("/v1/audit?action=config_changed");
            Assert.Single(config!["entries"]!.AsArray());
        }

        await using var asSilo = NpgsqlDataSource.Create(As(silo));
        string[] refused =
        [
            "UPDATE sla_audit SET actor = 'mallory'",
            "DELETE FROM sla_audit",
            "TRUNCATE sla_audit",
            "DELETE FROM sla_audit_anchor",
            "UPDATE sla_audit_anchor SET chain_seq = 1",
            "DELETE FROM sla_schema_migrations",
            "DROP TABLE sla_ticket_index",
            "CREATE TABLE sla_extra (id int)",
        ];
        foreach (var sql in refused)
        {
            var failure = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(asSilo, sql));
            Assert.True(failure.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {failure.SqlState} {failure.MessageText}");
        }

        using var verifyOutput = new StringWriter();
        using var verifyError = new StringWriter();
        Assert.Equal(SiloCommandLine.ExitOk, await SiloCommandLine.RunAsync(["audit", "verify", "--postgres", As(silo)], verifyOutput, verifyError));
        Assert.EndsWith(" entries: intact." + Environment.NewLine, verifyOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_as_a_role_that_may_not_change_the_schema_exits_2_saying_it_runs_as_the_owner()
    {
        var server = await PostgresServer.GetAsync();
        var app = $"sla_app_{Guid.NewGuid().ToString("N")[..8]}";
        var database = await server.CreateDatabaseAsync("app-migrate");
        await using (var admin = NpgsqlDataSource.Create(server.AdminConnectionString))
        {
            await ExecuteAsync(admin, $"CREATE ROLE {app} LOGIN PASSWORD 'app'");
        }

        var asApp = new NpgsqlConnectionStringBuilder(database) { Username = app, Password = "app" };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SiloCommandLine.RunAsync(["migrate", "--postgres", asApp.ConnectionString], output, error);

        Assert.Equal(SiloCommandLine.ExitBadSetup, exit);
        Assert.Equal(
            $"error: PostgreSQL at 127.0.0.1:{server.Port}/{asApp.Database} refused role {app} a schema change (42501: permission denied for schema public): " +
            "migrate creates and changes tables, so run it as the role that owns the database (sla_owner in docs/operating.md), not as the silos' role." +
            Environment.NewLine,
            error.ToString());
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
