using System.Globalization;
using Npgsql;

namespace SlaEscalation.LoadTool;

/// <summary>
/// CPU time the PostgreSQL server has used so far, from <c>/proc</c>, by kind of process: client backends, the
/// background processes (checkpointer, WAL writer, ...), and exited children (mostly autovacuum workers, which exit
/// after each table), which the postmaster accounts for. Two readings say what a workload cost the database apart from
/// what the machine's other tenants cost it.
/// </summary>
public sealed record ServerCpu(IReadOnlyDictionary<string, TimeSpan> ByKind)
{
    public TimeSpan Total => ByKind.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    public static ServerCpu operator -(ServerCpu after, ServerCpu before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        return new ServerCpu(after.ByKind.ToDictionary(k => k.Key, k => k.Value - before.ByKind.GetValueOrDefault(k.Key)));
    }

    /// <summary>
    /// Null when the server is not a process on this machine (a given <c>--postgres</c> elsewhere). A backend that
    /// exits while this reads is missed: read when the connections are settled.
    /// </summary>
    public static async Task<ServerCpu?> ReadAsync(string database)
    {
        int backend;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            backend = (int)(await pid.ExecuteScalarAsync())!;
        }

        if (Stat(backend) is not { } stat || Stat(int.Parse(stat[1], CultureInfo.InvariantCulture)) is not { } postmaster)
        {
            return null;
        }

        // utime, stime; cutime, cstime: what the postmaster's exited children used.
        var byKind = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            ["postmaster"] = Cpu(postmaster, 11, 12),
            ["exited children (autovacuum workers, ended connections)"] = Cpu(postmaster, 13, 14),
        };
        var postmasterId = stat[1];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } child && child[1] == postmasterId)
            {
                var kind = Kind(pid);
                byKind[kind] = byKind.GetValueOrDefault(kind) + Cpu(child, 11, 12);
            }
        }

        return new ServerCpu(byKind);
    }

    /// <summary>The process's title: <c>postgres: checkpointer</c>, or <c>postgres: user db host(port) state</c> for a backend.</summary>
    private static string Kind(int pid)
    {
        try
        {
            var title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            title = title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..] : title;
            return title.Length == 0 || title.Contains('(', StringComparison.Ordinal) ? "client backends" : title;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "client backends";
        }
    }

    /// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> after the command name: state, ppid, ...; null when gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TimeSpan Cpu(string[] fields, int first, int second) =>
        TimeSpan.FromSeconds((long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[second], CultureInfo.InvariantCulture)) / 100.0); // USER_HZ
}
