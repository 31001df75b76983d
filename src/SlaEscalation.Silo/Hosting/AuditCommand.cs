using System.Globalization;
using Npgsql;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// <c>SlaEscalation.Silo audit verify --postgres &lt;connection string&gt; [--chain &lt;key&gt;]</c>: checks the audit
/// trail's hash chains and prints one line per broken chain, then a summary. Exit code 0 when intact,
/// <see cref="ExitBroken"/> when any chain is broken, 2 for bad set-up.
/// </summary>
public static class AuditCommand
{
    /// <summary>The exit code when at least one chain is broken.</summary>
    public const int ExitBroken = 3;

    /// <summary>The migration that creates the audit table.</summary>
    public const string Migration = "0006_sla_audit";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || args[0] != "verify")
        {
            throw new StartupFailure("audit needs a subcommand: 'audit verify --postgres <connection string> [--chain <key>]'.");
        }

        var (configuration, connectionString) = SiloCommandLine.ReadDatabaseCommand(args[1..], "audit verify");
        var chain = configuration["chain"];
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var target = SchemaMigrator.Describe(connectionString);
        // Also the first contact: refused credentials or a stopped server become one line (exit code 2).
        if ((await new SchemaMigrator(dataSource).FindMissingAsync(CancellationToken.None)).Contains(Migration))
        {
            throw new StartupFailure($"PostgreSQL at {target} has no audit trail (migration {Migration} is missing): run 'SlaEscalation.Silo migrate --postgres <connection string>' first.");
        }

        var result = await new PostgresAuditTrail(dataSource).VerifyAsync(string.IsNullOrEmpty(chain) ? null : chain, CancellationToken.None);
        foreach (var broken in result.Broken)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"broken: chain {broken.ChainKey} at sequence {broken.FirstBadSequence}: {Describe(broken.Kind)}: {broken.Detail}"));
        }

        var verdict = result.IsIntact ? "intact" : string.Create(CultureInfo.InvariantCulture, $"{result.Broken.Count} broken");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{target}: checked {result.ChainsChecked} audit chains, {result.EntriesChecked} entries: {verdict}."));
        return result.IsIntact ? SiloCommandLine.ExitOk : ExitBroken;
    }

    private static string Describe(AuditBreakKind kind) => kind switch
    {
        AuditBreakKind.HashMismatch => "hash mismatch",
        AuditBreakKind.BrokenLink => "broken link",
        AuditBreakKind.Gap => "gap",
        _ => kind.ToString(),
    };
}
