using Npgsql;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// The executable's commands: run the silo (default), <c>migrate</c>, <c>audit verify</c> and <c>simulate</c>. A problem the operator
/// can fix ends the process with exit code 2 and one line on standard error, never a stack trace. Asking for help, or
/// naming a command there is not, prints the usage and exits 2 without starting anything.
/// </summary>
public static class SiloCommandLine
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadSetup = 2;

    public const string Usage = """
        Usage:
          SlaEscalation.Silo [--postgres <connection string>] [--Section:Key=value ...]
              Runs a silo with the gateway HTTP API and the Orleans dashboard. Without a PostgreSQL
              connection string it runs embedded: one in-memory silo whose clocks are not durable.
          SlaEscalation.Silo migrate --postgres <connection string>
              Applies the schema migrations the database is missing, then says what it did.
          SlaEscalation.Silo audit verify --postgres <connection string> [--chain <key>] [--anchor <seq>:<digest>]
              Checks every audit chain (or one), and with Audit__AnchorKey each against its anchor;
              prints each broken chain and the latest anchor; exit code 3 when any is broken.
          SlaEscalation.Silo simulate --config <file> --from <date> --to <date> --server <url> --api-key <key> [--teams a,b]
              Replays history under a candidate configuration on a running silo; prints progress and the table.
          SlaEscalation.Silo help | --help | -h
              Prints this text.

        Main settings (environment variables; or --Section:Key=value with ':' for '__'):
          ConnectionStrings__Postgres    PostgreSQL connection string: durable mode (same as --postgres)
          Http__Port                     HTTP API port (default 8080)
          Http__ListenAddress            HTTP address (default 127.0.0.1 embedded, 0.0.0.0 durable)
          Cluster__ClusterId             cluster every silo of a deployment shares (default sla-local)
          Cluster__SiloPort              silo-to-silo port (default 11111)
          Cluster__GatewayPort           Orleans client gateway port (default: closed)
          Cluster__AdvertisedAddress     address other silos reach this one at (default 127.0.0.1)
          Auth__ApiKeys__0__Name         an API key's name; __Key (24+ characters) and __Scopes, e.g.
                                         Auth__ApiKeys__0__Scopes=config:write,events:write,tickets:read
          Sla__SeedConfigurationFile     JSON or YAML configuration loaded into an empty store
          Audit__AnchorKey               secret (32+ characters) signing audit anchors; same on every silo
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is ["help", ..] || args.Contains("--help") || args.Contains("-h"))
        {
            return await PrintUsageAsync(output);
        }

        try
        {
            var (command, remaining) = Split(args);
            return command switch
            {
                "migrate" => await MigrateAsync(remaining, output),
                "audit" => await AuditCommand.RunAsync(remaining, output),
                "simulate" => await SimulateCommand.RunAsync(remaining, output),
                null => await SiloApplication.RunAsync(remaining, output),
                _ => await PrintUsageAsync(error, $"error: unknown command '{command}'."),
            };
        }
        catch (StartupFailure failure)
        {
            await error.WriteLineAsync($"error: {failure.Message}");
            return ExitBadSetup;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else that stops start-up is still reported on one line; details are in the log.
            await error.WriteLineAsync($"error: the silo stopped during start-up: {Innermost(ex)}");
            return ExitFailed;
        }
    }

    /// <summary>Translates <c>--postgres X</c> into the configuration key every other source uses.</summary>
    public static string[] TranslateArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var translated = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--postgres")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new StartupFailure("--postgres needs a connection string, e.g. --postgres \"Host=localhost;Database=sla;Username=sla;Password=...\".");
                }

                translated.Add($"--{SiloSettings.PostgresKey}={args[++i]}");
            }
            else if (args[i].StartsWith("--postgres=", StringComparison.Ordinal))
            {
                translated.Add($"--{SiloSettings.PostgresKey}={args[i]["--postgres=".Length..]}");
            }
            else
            {
                translated.Add(args[i]);
            }
        }

        return translated.ToArray();
    }

    // A first argument like "Http:Port=9090" is a setting (the configuration reads it), not a command.
    private static (string? Command, string[] Remaining) Split(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)
            ? (args[0], TranslateArguments(args[1..]))
            : (null, TranslateArguments(args));

    /// <summary>Exit code 2 even when asked for: a script that runs the silo with a stray argument must not go on.</summary>
    private static async Task<int> PrintUsageAsync(TextWriter writer, string? firstLine = null)
    {
        if (firstLine is not null)
        {
            await writer.WriteLineAsync(firstLine);
        }

        await writer.WriteLineAsync(Usage);
        return ExitBadSetup;
    }

    /// <summary>
    /// The arguments and environment of a database command, and its valid connection string; a
    /// <see cref="StartupFailure"/> naming <paramref name="command"/> when there is none.
    /// </summary>
    internal static (IConfiguration Configuration, string ConnectionString) ReadDatabaseCommand(string[] args, string command, params string[] options)
    {
        CheckOptions(args, command, options);
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var connectionString = configuration[SiloSettings.PostgresKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupFailure($"{command} needs a database: pass --postgres <connection string> or set {SiloSettings.Env(SiloSettings.PostgresKey)}.");
        }

        var errors = new List<string>();
        SiloSettings.ValidateConnectionString(connectionString, errors);
        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        return (configuration, connectionString);
    }

    /// <summary>
    /// Refuses what a database command would otherwise skip: an option it does not take (a mistyped <c>--chain</c>
    /// would verify every chain and answer "intact" about the wrong thing), one given twice, or a stray word. A
    /// setting (<c>--Section:Key=value</c>, a name with a colon) is read as every setting is.
    /// </summary>
    private static void CheckOptions(string[] args, string command, string[] options)
    {
        var takes = string.Join(", ", options.Select(o => "--" + o).Prepend("--postgres <connection string>"))
            + " and settings as --Section:Key=value";
        var names = options.Select(o => o.Split(' ')[0]).ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new StartupFailure($"{command}: unexpected '{StoredText.Printable(args[i], 80)}': it takes {takes}.");
            }

            var equals = args[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? args[i][2..] : args[i][2..equals];
            if (equals < 0)
            {
                // "--name value", as the configuration reads it.
                i++;
            }

            if (name.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new StartupFailure($"{command}: unknown option '--{StoredText.Printable(name, 80)}': it takes {takes}.");
            }

            if (!seen.Add(name))
            {
                throw new StartupFailure($"{command}: --{name} is given more than once.");
            }

            if (equals < 0 && i >= args.Length)
            {
                throw new StartupFailure($"{command}: --{name} needs a value.");
            }
        }
    }

    private static async Task<int> MigrateAsync(string[] args, TextWriter output)
    {
        var (_, connectionString) = ReadDatabaseCommand(args, "migrate");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var target = SchemaMigrator.Describe(connectionString);
        MigrationReport report;
        try
        {
            report = await new SchemaMigrator(dataSource).MigrateAsync(CancellationToken.None);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Typically the silos' role (sla_app), which may write rows but never change the schema.
            var role = new NpgsqlConnectionStringBuilder(connectionString).Username ?? "(the default user)";
            throw new StartupFailure(
                $"PostgreSQL at {target} refused role {role} a schema change ({ex.SqlState}: {ex.MessageText}): " +
                "migrate creates and changes tables, so run it as the role that owns the database (sla_owner in docs/operating.md), not as the silos' role.",
                ex);
        }

        if (report.Applied.Count == 0)
        {
            await output.WriteLineAsync($"{target}: up to date, nothing to apply ({report.AlreadyApplied.Count} migrations already applied).");
        }
        else
        {
            foreach (var id in report.Applied)
            {
                await output.WriteLineAsync($"{target}: applied {id}");
            }

            await output.WriteLineAsync($"{target}: {report.Applied.Count} applied, {report.AlreadyApplied.Count} already applied.");
        }

        foreach (var id in report.Changed)
        {
            await output.WriteLineAsync($"{target}: warning: {id} was applied from a different text; applied migrations are never re-run, add a new script instead.");
        }

        return ExitOk;
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }
}
