using System.Net;
using System.Net.Sockets;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>Bad set-up stops the real executable at once with one line that says what to fix.</summary>
public sealed class StartupErrorTests
{
    [Fact]
    public async Task A_silo_on_an_unmigrated_database_stops_at_once_naming_the_missing_migrations()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("unmigrated");

        var error = await StartExpectingFailureAsync(database);

        Assert.Equal(
            $"error: PostgreSQL at 127.0.0.1:{server.Port}/{new Npgsql.NpgsqlConnectionStringBuilder(database).Database} is missing schema migrations " +
            $"{string.Join(", ", MigrationScript.All.Select(m => m.Id))}: " +
            "run 'SlaEscalation.Silo migrate --postgres <connection string>' first.",
            error);
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_one_line()
    {
        var closedPort = FreePorts.Next();

        var error = await StartExpectingFailureAsync($"Host=127.0.0.1;Port={closedPort};Database=sla;Username=sla;Password=secret;Timeout=3");

        Assert.StartsWith($"error: cannot reach PostgreSQL at 127.0.0.1:{closedPort}/sla (", error, StringComparison.Ordinal);
        Assert.EndsWith("start the database or fix Host/Port in ConnectionStrings__Postgres.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_stops_start_up_with_one_line()
    {
        var error = await StartExpectingFailureAsync("Host=127.0.0.1;;=Port");

        Assert.StartsWith("error: ConnectionStrings__Postgres is not a valid PostgreSQL connection string", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_one_line_naming_the_setting()
    {
        var environment = SiloProcess.Environment("busy", "busy", postgres: null);
        var siloPort = int.Parse(environment["Cluster__SiloPort"], System.Globalization.CultureInfo.InvariantCulture);
        using var occupant = new TcpListener(IPAddress.Any, siloPort);
        occupant.Start();

        await using var silo = SiloProcess.Launch(environment, []);
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Equal(
            $"error: port {siloPort} (Cluster:SiloPort) is already in use: stop what listens on it or choose another with Cluster__SiloPort.",
            silo.Output.Trim());
    }

    [Fact]
    public async Task A_bad_ingest_setting_stops_the_silo_with_exit_code_2_and_one_line_naming_it()
    {
        var environment = SiloProcess.Environment("ingest", "ingest", postgres: null);
        environment["Ingest__ClockSkewAllowance"] = "abc";

        await using var silo = SiloProcess.Launch(environment, []);
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: Ingest__ClockSkewAllowance 'abc' must be a duration from 00:00:00 to 1.00:00:00, written [d.]hh:mm:ss (default 00:05:00).",
            silo.Output.Trim());
    }

    [Fact]
    public async Task A_listen_address_this_machine_does_not_have_stops_start_up_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => BuildAsync(
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Http:Port={FreePorts.Next()}", "--Http:ListenAddress=10.255.255.1"));

        Assert.Equal(
            "Http__ListenAddress 10.255.255.1 is not an address of this machine: use one it has (0.0.0.0 for every interface, 127.0.0.1 for this machine alone).",
            failure.Message);
    }

    [Fact]
    public async Task An_advertised_address_this_machine_does_not_have_stops_start_up_naming_the_setting()
    {
        // Checked before the database: the closed port below is never reached.
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => BuildAsync(
            $"--ConnectionStrings:Postgres=Host=127.0.0.1;Port={FreePorts.Next()};Database=sla;Username=sla;Password=secret;Timeout=3",
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Http:Port={FreePorts.Next()}", "--Http:ListenAddress=127.0.0.1",
            "--Cluster:AdvertisedAddress=10.255.255.1"));

        Assert.Equal(
            "Cluster__AdvertisedAddress 10.255.255.1 is not an address of this machine: a durable silo listens on it for its peers, so use one it has (on Kubernetes, the pod IP).",
            failure.Message);
    }

    [Fact]
    public async Task A_management_address_this_machine_does_not_have_stops_start_up_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => BuildAsync(
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Http:Port={FreePorts.Next()}", "--Http:ListenAddress=127.0.0.1",
            $"--Management:Port={FreePorts.Next()}", "--Management:ListenAddress=10.255.255.1"));

        Assert.Equal(
            "Management__ListenAddress 10.255.255.1 is not an address of this machine: use one it has (0.0.0.0, the default, for every interface).",
            failure.Message);
    }

    [Theory]
    [InlineData("Sla:SampleConfiguration", "no", "Sla__SampleConfiguration 'no' must be true or false.")]
    [InlineData("Trackers:LinkBase", "sla.example.com", "Trackers__LinkBase 'sla.example.com' must be an absolute http(s) URL, e.g. https://sla.example.com.")]
    [InlineData("Trackers:LinkBase", "ftp://sla.example.com", "Trackers__LinkBase 'ftp://sla.example.com' must be an absolute http(s) URL, e.g. https://sla.example.com.")]
    public async Task A_setting_that_would_otherwise_be_ignored_stops_start_up_naming_it(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(() => BuildAsync(
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Http:Port={FreePorts.Next()}", "--Http:ListenAddress=127.0.0.1", $"--{key}={value}"));

        Assert.Equal(expected, failure.Message);
    }

    private static async Task BuildAsync(params string[] args)
    {
        await using var app = await SiloApplication.BuildAsync(args);
    }

    private static async Task<string> StartExpectingFailureAsync(string connectionString)
    {
        var environment = SiloProcess.Environment("failing", "failing", connectionString);
        await using var silo = SiloProcess.Launch(environment, []);
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, exit);
        var output = silo.Output.Trim();
        Assert.DoesNotContain(Environment.NewLine, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        return output;
    }
}
