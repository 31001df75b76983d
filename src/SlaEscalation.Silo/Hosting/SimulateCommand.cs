using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// <c>SlaEscalation.Silo simulate --config candidate.yaml --from 2026-09-01 --to 2026-12-01 --server http://... [--api-key
/// KEY] [--teams a,b]</c>: starts a simulation on a running silo, prints its progress, then its summary table (the
/// Markdown form). The key may come from <c>SLA_API_KEY</c> instead. Exit code 0 when it completed, 1 when it
/// failed or was cancelled, 2 for bad set-up or a refused request.
/// </summary>
public static class SimulateCommand
{
    public const string Usage =
        "simulate --config <candidate.yaml|.json> --from <date|instant> --to <date|instant> --server <http://host:port> [--api-key <key>] [--teams <a,b>]";

    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var options = Options(args);
        string Required(string name) => options.GetValueOrDefault(name) ?? throw new StartupFailure($"simulate needs --{name}: {Usage}");
        var file = Required("config");
        if (!File.Exists(file))
        {
            throw new StartupFailure($"simulate: no candidate file '{file}'.");
        }

        var key = options.GetValueOrDefault("api-key") ?? Environment.GetEnvironmentVariable("SLA_API_KEY")
            ?? throw new StartupFailure("simulate needs an API key with config:write: --api-key <key> or SLA_API_KEY.");
        var body = new JsonObject
        {
            ["candidate"] = await File.ReadAllTextAsync(file, cancellationToken),
            ["from"] = Required("from"),
            ["to"] = Required("to"),
            ["teams"] = new JsonArray([.. (options.GetValueOrDefault("teams") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (JsonNode)t)]),
        };

        using var http = new HttpClient { BaseAddress = new Uri(Required("server")) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var started = await http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content, cancellationToken);
        var answer = await started.Content.ReadAsStringAsync(cancellationToken);
        if (started.StatusCode != HttpStatusCode.Accepted)
        {
            throw new StartupFailure($"the server refused the simulation ({(int)started.StatusCode}): {Refusal(answer)}");
        }

        var location = started.Headers.Location!;
        await output.WriteLineAsync($"simulation {location} started");
        string status;
        while (true)
        {
            var view = JsonNode.Parse(await http.GetStringAsync(location, cancellationToken))!;
            status = view["status"]!.GetValue<string>();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{status}: {view["replayed"]} of {view["total"]} tickets looked at, {view["result"]!["tickets"]} replayed"));
            if (status != "running")
            {
                break;
            }

            await Task.Delay(Pace, cancellationToken);
        }

        using var markdown = new HttpRequestMessage(HttpMethod.Get, location);
        markdown.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
        using var summary = await http.SendAsync(markdown, cancellationToken);
        await output.WriteLineAsync();
        await output.WriteAsync(await summary.Content.ReadAsStringAsync(cancellationToken));
        return status == "completed" ? SiloCommandLine.ExitOk : SiloCommandLine.ExitFailed;
    }

    private static readonly string[] Known = ["config", "from", "to", "server", "api-key", "teams"];

    /// <summary>
    /// The options by name. An option it does not know is refused, not skipped: a mistyped <c>--team</c> would
    /// otherwise replay every team and print a table that looks like the answer.
    /// </summary>
    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new StartupFailure($"simulate: unexpected '{args[i]}': {Usage}");
            }

            var name = args[i][2..];
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw new StartupFailure($"simulate: unknown option '{args[i]}': {Usage}");
            }

            if (!options.TryAdd(name, args[++i]))
            {
                throw new StartupFailure($"simulate: --{name} is given more than once: {Usage}");
            }
        }

        return options;
    }

    /// <summary>The problem's errors one per line, or the body as it came.</summary>
    private static string Refusal(string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            return problem?["errors"] is JsonArray errors
                ? string.Join(Environment.NewLine, errors.Select(e => $"  {e?["pointer"] ?? e?["parameter"]}: {e?["detail"]}").Prepend(problem["title"]?.ToString()))
                : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
