using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace SlaEscalation.Testing;

/// <summary>
/// The real SlaEscalation.Silo executable in a process of its own, configured through environment variables the
/// way a pod is. <see cref="Kill"/> is a process kill (SIGKILL), not a graceful stop.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    /// <summary>The name of <see cref="OperatorKey"/>: the actor of what a test's commands do.</summary>
    public const string OperatorKeyName = "test-operator";
    public const string ReaderKey = "test-reader-key-0123456789abcdef";

    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiloProcess(Process process, IReadOnlyDictionary<string, string> settings, string name, int httpPort)
    {
        this.process = process;
        Settings = settings;
        Name = name;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
    }

    public string Name { get; }

    /// <summary>The environment variables it was launched with: a restart in place launches them again.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public int HttpPort { get; }

    /// <summary>A client carrying the operator key.</summary>
    public HttpClient Http { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The operating-system process id, to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The environment a silo of the test cluster gets, with fresh ports.</summary>
    public static Dictionary<string, string> Environment(string name, string clusterId, string? postgres) => new()
    {
        ["Cluster__SiloName"] = name,
        ["Cluster__ClusterId"] = clusterId,
        ["Cluster__ServiceId"] = clusterId,
        ["Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["Http__Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Http__ListenAddress"] = "127.0.0.1",
        ["ConnectionStrings__Postgres"] = postgres ?? string.Empty,

        // Tests start from an empty configuration store, embedded or not.
        ["Sla__SampleConfiguration"] = "false",

        // Test receivers are plain http:// on loopback; a durable silo otherwise sends webhooks over https:// only.
        ["Notifications__AllowInsecureUrls"] = "true",
        ["Auth__ApiKeys__0__Name"] = OperatorKeyName,
        ["Auth__ApiKeys__0__Key"] = OperatorKey,
        ["Auth__ApiKeys__0__Scopes"] = "operator,tickets:read,events:write,config:write,escalations:write,digests:read",
        ["Auth__ApiKeys__1__Name"] = "test-reader",
        ["Auth__ApiKeys__1__Key"] = ReaderKey,
        ["Auth__ApiKeys__1__Scopes"] = "tickets:read",
    };

    /// <summary>
    /// Makes <paramref name="environment"/> that of a silo restarted in place of <paramref name="killed"/>: at its
    /// address and silo port, as a process supervisor restarts a crashed silo. Joining, it finds the killed silo's row
    /// at its own endpoint and declares that older generation dead at once; a silo at another endpoint waits until
    /// the row has missed its heartbeats and three probes have failed, about 35 s (what <c>RestartTests</c> times).
    /// </summary>
    public static Dictionary<string, string> InPlaceOf(Dictionary<string, string> environment, IReadOnlyDictionary<string, string> killed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(killed);
        environment["Cluster__SiloPort"] = killed["Cluster__SiloPort"];
        environment["Cluster__AdvertisedAddress"] = killed["Cluster__AdvertisedAddress"];
        return environment;
    }

    /// <summary>Starts a silo and returns once it answers /health/ready (or throws with its output).</summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? readyWithin = null)
    {
        var silo = Launch(environment, []);
        await silo.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(90));
        return silo;
    }

    /// <summary>Starts the executable with arguments and does not wait for it.</summary>
    public static SiloProcess Launch(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SiloExecutable.Path)!,
        };
        start.ArgumentList.Add(SiloExecutable.Path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, new Dictionary<string, string>(environment), environment.GetValueOrDefault("Cluster__SiloName", "silo"), int.Parse(environment.GetValueOrDefault("Http__Port", "8080"), System.Globalization.CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public Task WaitUntilReadyAsync(TimeSpan within) =>
        Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"silo {Name} exited with {process.ExitCode} before it was ready:\n{Output}");
                }

                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return response.IsSuccessStatusCode;
            },
            within,
            $"silo {Name} to be ready",
            () => "\n" + Output,
            TimeSpan.FromMilliseconds(200),

            // Not listening yet, or busy starting.
            ex => ex is HttpRequestException or TaskCanceledException);

    /// <summary>The names of the active silos this silo sees.</summary>
    public async Task<string[]> ActiveSilosAsync()
    {
        var silos = await Http.GetFromJsonAsync<SiloView[]>(new Uri("/v1/ops/silos", UriKind.Relative));
        return silos!.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Kills the process at once (SIGKILL on Linux), as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
        process.Dispose();
        await Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length + line.Length > MaxOutputChars)
            {
                // A silo under load for long logs gigabytes: keep the latest half, say what went.
                var dropped = output.Length / 2;
                output.Remove(0, dropped).Insert(0, $"[{dropped:N0} characters of earlier output dropped]{System.Environment.NewLine}");
            }

            output.AppendLine(line);
        }
    }

    /// <summary>The most of the silo's output kept in memory (characters).</summary>
    private const int MaxOutputChars = 64 * 1024 * 1024;

    private sealed record SiloView(string Name, string Address, string Status);
}
