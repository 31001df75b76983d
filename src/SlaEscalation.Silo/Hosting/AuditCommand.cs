using System.Globalization;
using Npgsql;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// <c>SlaEscalation.Silo audit verify --postgres &lt;connection string&gt; [--chain &lt;key&gt;] [--anchor
/// &lt;sequence&gt;:&lt;digest&gt;]</c>: checks the audit trail's hash chains and, with <c>Audit__AnchorKey</c>, every
/// chain against its anchor and the anchor chain itself; prints one line per broken chain, the latest anchor, then a
/// summary. <c>--anchor</c> names an anchor line kept from an earlier run: it must still be there, unchanged, or the
/// database was rolled back. Exit code 0 when intact, <see cref="ExitBroken"/> when anything is broken, 2 for bad
/// set-up or a <c>--chain</c> that names no chain.
/// </summary>
public static class AuditCommand
{
    /// <summary>The exit code when at least one chain is broken.</summary>
    public const int ExitBroken = 3;

    /// <summary>The migration that creates the audit table.</summary>
    public const string Migration = "0006_sla_audit";

    /// <summary>The migration that creates the anchor table.</summary>
    public const string AnchorMigration = "0012_sla_audit_anchors";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || args[0] != "verify")
        {
            throw new StartupFailure("audit needs a subcommand: 'audit verify --postgres <connection string> [--chain <key>] [--anchor <sequence>:<digest>]'.");
        }

        var (configuration, connectionString) = SiloCommandLine.ReadDatabaseCommand(args[1..], "audit verify", "chain <key>", "anchor <sequence>:<digest>");
        var chain = configuration["chain"];
        var kept = ReadKeptAnchor(configuration["anchor"]);
        var anchorKey = AuditAnchorSettings.Read(configuration, StorageMode.Durable);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var target = SchemaMigrator.Describe(connectionString);
        // Also the first contact: refused credentials or a stopped server become one line (exit code 2).
        var missing = await new SchemaMigrator(dataSource).FindMissingAsync(CancellationToken.None);
        if (missing.FirstOrDefault(m => m is Migration or AnchorMigration) is { } absent)
        {
            throw new StartupFailure($"PostgreSQL at {target} has no audit trail (migration {absent} is missing): run 'SlaEscalation.Silo migrate --postgres <connection string>' first.");
        }

        var result = await new PostgresAuditTrail(dataSource, anchorKey).VerifyAsync(string.IsNullOrEmpty(chain) ? null : chain, CancellationToken.None);
        if (!string.IsNullOrEmpty(chain) && result.ChainsChecked == 0 && result.IsIntact)
        {
            // Checking nothing is no verdict: "intact" here would pass a mistyped key as proof. A chain deleted under
            // an anchor is not this case: the anchors report it broken.
            throw new StartupFailure($"audit verify: there is no audit chain '{StoredText.Printable(chain, 200)}' at {target}: a chain's key is its ticket's key (e.g. zendesk:1042) or config; nothing was checked.");
        }

        var broken = result.Broken.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"broken: chain {b.ChainKey} at sequence {b.FirstBadSequence}: {Describe(b.Kind)}: {b.Detail}")).ToList();
        if (kept is { } keptAnchor && anchorKey is not null && await ReadDigestAsync(dataSource, keptAnchor.Sequence) != keptAnchor.Digest)
        {
            broken.Add(string.Create(CultureInfo.InvariantCulture,
                $"broken: chain {AuditAnchors.ChainName} at sequence {keptAnchor.Sequence}: rolled back: the kept anchor is no longer stored as it was"));
        }

        foreach (var line in broken)
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync(anchorKey is null
            ? $"anchors: not checked: set {SiloSettings.Env(AuditAnchorSettings.AnchorKey)} to the silos' key."
            : result.LatestAnchor is { } latest
                ? string.Create(CultureInfo.InvariantCulture, $"anchors: {result.AnchorsChecked} checked, {result.UnanchoredChains} chains not anchored; latest anchor {latest.Sequence}:{latest.Digest} (keep this line; pass it as --anchor to a later verify)")
                : string.Create(CultureInfo.InvariantCulture, $"anchors: none yet, {result.UnanchoredChains} chains not anchored."));
        var verdict = broken.Count == 0 ? "intact" : string.Create(CultureInfo.InvariantCulture, $"{broken.Count} broken");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{target}: checked {result.ChainsChecked} audit chains, {result.EntriesChecked} entries: {verdict}."));
        return broken.Count == 0 ? SiloCommandLine.ExitOk : ExitBroken;
    }

    /// <summary>Reads <c>--anchor &lt;sequence&gt;:&lt;digest&gt;</c>; null when not given.</summary>
    private static (long Sequence, string Digest)? ReadKeptAnchor(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(':', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence >= 1 && parts[1].Length == 64
            ? (sequence, parts[1].ToLowerInvariant())
            : throw new StartupFailure("--anchor takes the latest anchor an earlier 'audit verify' printed: <sequence>:<64 hex digits>.");
    }

    private static async Task<string?> ReadDigestAsync(NpgsqlDataSource dataSource, long sequence)
    {
        await using var command = dataSource.CreateCommand("SELECT digest FROM sla_audit_anchor WHERE seq = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        return await command.ExecuteScalarAsync() as string;
    }

    private static string Describe(AuditBreakKind kind) => kind switch
    {
        AuditBreakKind.HashMismatch => "hash mismatch",
        AuditBreakKind.BrokenLink => "broken link",
        AuditBreakKind.Gap => "gap",
        AuditBreakKind.Truncated => "truncated",
        AuditBreakKind.Deleted => "deleted",
        AuditBreakKind.Unanchored => "not anchored",
        AuditBreakKind.AnchorForged => "forged anchor",
        _ => kind.ToString(),
    };
}
