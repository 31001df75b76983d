using System.Globalization;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Scrapes a silo's own Prometheus endpoint (its management port) once a second for the runtime's figures that explain
/// a late deadline: time paused by the garbage collector, collections per generation, the thread pool's queue and
/// threads, lock contention and CPU. Printed per minute beside the lag, so a spike in one shows next to its cause.
/// </summary>
public sealed class RuntimeSampler : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly List<Sample> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private RuntimeSampler(int managementPort)
    {
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}"), Timeout = TimeSpan.FromSeconds(5) };
        loop = Task.Run(() => SampleAsync(stop.Token));
    }

    /// <summary>One scrape: counters as totals since the silo started, gauges as read.</summary>
    public sealed record Sample(
        DateTimeOffset At, double GcPauseSeconds, double Gen0, double Gen1, double Gen2, double QueueLength,
        double Threads, double LockContentions, double CpuSeconds, double AllocatedBytes, double WorkItems, double Gen2Bytes, double Activations);

    /// <summary>One scrape of the silo whose management port is <paramref name="managementPort"/>.</summary>
    public static async Task<Sample> ScrapeAsync(int managementPort, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{managementPort}/metrics"), cancellationToken);
        return Parse(DateTimeOffset.UtcNow, text);
    }

    /// <summary>Starts sampling the silo whose management port is <paramref name="managementPort"/>.</summary>
    public static RuntimeSampler Start(int managementPort) => new(managementPort);

    /// <summary>
    /// Prints one line per minute of [<paramref name="from"/>, <paramref name="to"/>): GC pause (total and the worst
    /// second), collections by generation, the thread pool's largest queue and thread count, lock contentions, CPU.
    /// </summary>
    public void PrintPerMinute(DateTimeOffset from, DateTimeOffset to)
    {
        Sample[] taken;
        lock (samples)
        {
            taken = samples.Where(s => s.At >= from - TimeSpan.FromSeconds(2) && s.At <= to).ToArray();
        }

        if (taken.Length < 2)
        {
            Figures.Note("the silo's management port gave no runtime samples");
            return;
        }

        Figures.Print("runtime per minute", "GC pause total / worst second, collections gen0/1/2, gen2 after the last collection, activations, thread pool queue max / threads max, lock contentions, CPU");
        var steps = taken.Zip(taken.Skip(1), (before, after) => (Before: before, After: after)).ToArray();
        foreach (var minute in steps.GroupBy(s => (int)((s.After.At - from) / TimeSpan.FromMinutes(1))).OrderBy(g => g.Key))
        {
            var first = minute.First().Before;
            var last = minute.Last().After;
            var worstSecond = minute.Max(s => (s.After.GcPauseSeconds - s.Before.GcPauseSeconds) / Math.Max(0.001, (s.After.At - s.Before.At).TotalSeconds));
            var seconds = (last.At - first.At).TotalSeconds;
            Figures.Print($"  minute {minute.Key}", string.Create(CultureInfo.InvariantCulture,
                $"GC {(last.GcPauseSeconds - first.GcPauseSeconds) * 1000:N0} ms / {worstSecond * 1000:N0} ms, " +
                $"{last.Gen0 - first.Gen0:N0}/{last.Gen1 - first.Gen1:N0}/{last.Gen2 - first.Gen2:N0}, gen2 {last.Gen2Bytes / (1024 * 1024):N0} MiB, {last.Activations:N0} activations, " +
                $"queue {minute.Max(s => s.After.QueueLength):N0} / threads {minute.Max(s => s.After.Threads):N0}, " +
                $"locks {last.LockContentions - first.LockContentions:N0}, CPU {(last.CpuSeconds - first.CpuSeconds) / seconds * 100:N0}%"));
        }

        var pauses = steps.Select(s => s.After.GcPauseSeconds - s.Before.GcPauseSeconds).ToArray();
        Figures.Print("GC pause over the window", string.Create(CultureInfo.InvariantCulture,
            $"{(taken[^1].GcPauseSeconds - taken[0].GcPauseSeconds) * 1000:N0} ms in {taken[^1].Gen2 - taken[0].Gen2:N0} gen2, {taken[^1].Gen1 - taken[0].Gen1:N0} gen1, {taken[^1].Gen0 - taken[0].Gen0:N0} gen0 collections; seconds with over 100 ms of pause: {pauses.Count(p => p > 0.1):N0}"));
    }

    /// <summary>The scrapes taken so far, oldest first.</summary>
    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (samples)
            {
                return [.. samples];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        http.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try
            {
                var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
                var sample = Parse(DateTimeOffset.UtcNow, text);
                lock (samples)
                {
                    samples.Add(sample);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A scrape that times out is itself a symptom of a stalled silo: the next one shows what it missed.
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private static Sample Parse(DateTimeOffset at, string exposition)
    {
        double gcPause = 0, gen0 = 0, gen1 = 0, gen2 = 0, queue = 0, threads = 0, locks = 0, cpu = 0, allocated = 0, workItems = 0, gen2Bytes = 0, activations = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? line[..space] : line[..brace];
            switch (name)
            {
                case "dotnet_gc_pause_time_seconds_total": gcPause = value; break;
                case "dotnet_gc_collections_total" when line.Contains("\"gen0\"", StringComparison.Ordinal): gen0 = value; break;
                case "dotnet_gc_collections_total" when line.Contains("\"gen1\"", StringComparison.Ordinal): gen1 = value; break;
                case "dotnet_gc_collections_total" when line.Contains("\"gen2\"", StringComparison.Ordinal): gen2 = value; break;
                case "dotnet_thread_pool_queue_length": queue = value; break;
                case "dotnet_thread_pool_thread_count": threads = value; break;
                case "dotnet_monitor_lock_contentions_total": locks = value; break;
                case "dotnet_process_cpu_time_seconds_total": cpu += value; break;
                case "dotnet_gc_heap_total_allocated_bytes_total": allocated = value; break;
                case "dotnet_thread_pool_work_item_count_total": workItems = value; break;
                case "dotnet_gc_last_collection_heap_size_bytes" when line.Contains("\"gen2\"", StringComparison.Ordinal): gen2Bytes = value; break;
                case "orleans_catalog_activations": activations += value; break;
                default: break;
            }
        }

        return new Sample(at, gcPause, gen0, gen1, gen2, queue, threads, locks, cpu, allocated, workItems, gen2Bytes, activations);
    }
}
