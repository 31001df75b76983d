using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SlaEscalation.LoadTool;

/// <summary>
/// The board's cost on one durable silo: how long the Now page takes to render with <c>--tickets</c> tickets at risk
/// and breached (half each), and the silo's CPU during an ingest of <c>--events</c> events whose tickets enter and
/// leave Now, first with no page connected, then with <c>--pages</c> pages on the live channel. With
/// <c>--runbook on</c> every ticket at risk raises an escalation, and the Escalations page, which counts every open
/// one and draws the most pressing, is rendered too.
/// </summary>
public sealed partial class BoardCommand : ILoadCommand
{
    private readonly int tickets;
    private readonly int pages;
    private readonly int events;
    private readonly int concurrency;
    private readonly int batch;
    private readonly bool runbook;

    /// <summary>The runbook of <c>--runbook on</c>: level 1 on at risk, level 2 on the breach, owned by two people.</summary>
    private const string Runbook = "load-board";

    public BoardCommand(ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tickets = options.Int("tickets", 10_000);
        pages = options.Int("pages", 50);
        events = options.Int("events", 20_000);
        concurrency = options.Int("concurrency", 16);
        batch = options.Int("batch", 100);
        runbook = options.OnOff("runbook", false);
        if (tickets < 2 || pages < 1 || events < 4)
        {
            throw new ArgumentException("--tickets is at least 2, --pages at least 1, --events at least 4");
        }
    }

    public async Task RunAsync(LoadRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Figures.Print("workload", string.Create(CultureInfo.InvariantCulture,
            $"{tickets:N0} tickets open ({tickets / 2:N0} breached, the rest at risk; first reply 1 h, at risk at 50%), Now rendered 5 times; then {events:N0} events (tickets created at risk, replied to, so each enters and leaves Now) posted twice: with no page, then with {pages} pages on /board/live"));
        var (silo, _) = await rig.StartSiloAsync("board", TimeSpan.FromSeconds(120));
        using var poster = new EventPoster(silo, concurrency);
        if (runbook)
        {
            await poster.PutAsync("/v1/runbooks/" + Runbook, """
                { "levels": [
                  { "trigger": "at_risk", "owner": "user:board-agent", "actions": ["notify"], "ackWithin": "PT1H" },
                  { "trigger": "breached", "owner": "user:board-lead", "actions": ["notify"], "ackWithin": "PT1H" }
                ] }
                """u8.ToArray(), cancellationToken);
            Figures.Print("runbook", "every ticket escalates: level 1 (user:board-agent) at risk, level 2 (user:board-lead) on the breach");
        }

        await poster.PutPoliciesAsync(TimeSpan.FromHours(1), cancellationToken, runbook ? Runbook : null);
        var now = DateTimeOffset.UtcNow;
        var open = Workloads.Rounds("board-breached", tickets / 2, 1, now.AddMinutes(-70))
            .Concat(Workloads.Rounds("board-at-risk", tickets - tickets / 2, 1, now.AddMinutes(-45)));
        var seeded = await poster.PostAsync(Workloads.Bodies(open, batch), cancellationToken);
        Figures.Print("tickets opened", string.Create(CultureInfo.InvariantCulture, $"{seeded.Accepted:N0} in {seeded.Elapsed.TotalSeconds:F1} s"));

        using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = pages + 8 };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        await SignInAsync(http, cancellationToken);
        await RenderAsync(http, "/board", "Now", cancellationToken);
        if (runbook)
        {
            var escalations = await WaitForEscalationsAsync(http, tickets, cancellationToken);
            Figures.Print("escalations open", string.Create(CultureInfo.InvariantCulture, $"{escalations:N0}"));
            await RenderAsync(http, "/board/escalations", "Escalations", cancellationToken);
        }

        var quiet = await IngestAsync(poster, silo, "board-ingest-alone", cancellationToken);
        Figures.Print("ingest, no page: silo CPU", quiet);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = new long[pages];
        var readers = Enumerable.Range(0, pages).Select(i => ListenAsync(http, received, i, stop.Token)).ToArray();
        await WaitUntilConnectedAsync(http, readers, cancellationToken);
        var busy = await IngestAsync(poster, silo, "board-ingest-watched", cancellationToken);
        Figures.Print($"ingest, {pages} pages live: silo CPU", busy);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Figures.Print("live events received per page", string.Create(CultureInfo.InvariantCulture,
            $"min {received.Min():N0}, max {received.Max():N0} ({received.Sum():N0} in all)"));
    }

    private async Task<string> IngestAsync(EventPoster poster, Testing.SiloProcess silo, string prefix, CancellationToken cancellationToken)
    {
        var bodies = Workloads.Bodies(Workloads.Rounds(prefix, events, 4, DateTimeOffset.UtcNow.AddMinutes(-40)), batch).ToArray();
        var before = SiloGauges.CpuTime(silo.ProcessId);
        var report = await poster.PostAsync(bodies, cancellationToken);
        var cpu = SiloGauges.CpuTime(silo.ProcessId) - before;
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu.TotalSeconds:F1} s over {report.Elapsed.TotalSeconds:F1} s = {cpu.TotalSeconds / report.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores; {Figures.Rate(report.Accepted / report.Elapsed.TotalSeconds)} events");
    }

    private static async Task SignInAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var form = await http.GetStringAsync(new Uri("/board/sign-in", UriKind.Relative), cancellationToken);
        var token = FormToken().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["key"] = Testing.SiloProcess.OperatorKey, ["returnUrl"] = "/board",
        });
        using var answer = await http.PostAsync(new Uri("/board/sign-in", UriKind.Relative), body, cancellationToken);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"board sign-in answered {(int)answer.StatusCode}");
        }
    }

    private static async Task RenderAsync(HttpClient http, string path, string name, CancellationToken cancellationToken)
    {
        var firstByte = new List<double>();
        var whole = new List<double>();
        long size = 0;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            using var answer = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            answer.EnsureSuccessStatusCode();
            firstByte.Add(clock.Elapsed.TotalMilliseconds);
            size = (await answer.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
            whole.Add(clock.Elapsed.TotalMilliseconds);
        }

        Figures.Print($"{name}, time to first byte", Figures.Distribution(firstByte));
        Figures.Print($"{name}, time to the whole page", Figures.Distribution(whole) + string.Create(CultureInfo.InvariantCulture, $" ({size / 1024:N0} KiB)"));
    }

    /// <summary>
    /// Waits until the Escalations page counts an escalation of every ticket (each raises level 1 at risk, and the
    /// breached ones level 2 on the same escalation), at most two minutes; returns the count it showed last.
    /// </summary>
    private static async Task<int> WaitForEscalationsAsync(HttpClient http, int expected, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(2);
        var open = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            var page = await http.GetStringAsync(new Uri("/board/escalations", UriKind.Relative), cancellationToken);
            open = OpenCount().Match(page) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (open >= expected)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return open;
    }

    private static async Task ListenAsync(HttpClient http, long[] received, int page, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await http.GetAsync(new Uri("/board/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            answer.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await answer.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line == "event: ticket")
                {
                    Interlocked.Increment(ref received[page]);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until every page's stream is open: the silo counts its connected pages in its board feed.</summary>
    private static async Task WaitUntilConnectedAsync(HttpClient http, Task[] readers, CancellationToken cancellationToken)
    {
        // The streams open within a moment; a failed one would have ended its reader already.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var ended = readers.Count(r => r.IsCompleted);
        if (ended > 0)
        {
            throw new InvalidOperationException($"{ended} of the pages' live channels ended at once (is the session signed in at {http.BaseAddress}?)");
        }
    }

    [GeneratedRegex("data-count=\"open\"[^>]*>(\\d+)<")]
    private static partial Regex OpenCount();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
