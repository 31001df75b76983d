using System.Collections.Concurrent;
using System.Threading.Channels;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// This silo's end of the live board. It gathers the ticket index entries its grains write that matter to the Now
/// page (a ticket at risk or breached, or one leaving those states), each with the metric and policy its ticket wrote
/// into it, and the escalation rows they write (what the Escalations page lists), and publishes them to
/// <see cref="IBoardFeedGrain"/>; as a subscriber of that feed it hears every silo's changes and hands them to the
/// pages connected here (<see cref="Connect"/>).
/// </summary>
/// <remarks>
/// Whether a ticket is leaving the page is known from the changes heard: every silo hears every change, so the silo
/// whose grain writes the entry knows the ticket was shown even when another silo published it.
/// </remarks>
public sealed partial class BoardFeed(IGrainFactory grains, IServiceProvider services, ILogger<BoardFeed> logger) : IBoardObserver, IHostedService, IDisposable
{
    /// <summary>How often this silo renews its subscription to the feed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long changes gather before they are published together.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);

    private const int MaxBatch = 1000;

    /// <summary>Changes a connected page has not taken yet; past this a slow page misses the oldest (it reloads on reconnect).</summary>
    private const int PageBacklog = 20_000;

    private readonly Channel<TicketIndexEntry> offered = Channel.CreateBounded<TicketIndexEntry>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Channel<EscalationView> offeredEscalations = Channel.CreateBounded<EscalationView>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly ConcurrentDictionary<string, byte> shown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Channel<BoardChange>> pages = new();
    private readonly CancellationTokenSource stopping = new();
    private IBoardObserver? reference;
    private Task? publishing;
    private Task? publishingEscalations;
    private Task? renewing;
    private int disposed;

    /// <summary>How many pages are connected to this silo.</summary>
    public int ConnectedPages => pages.Count;

    /// <summary>Takes an entry a ticket grain of this silo wrote; only what the Now page shows, or showed, goes on.</summary>
    public void Offer(TicketIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.SlaState is BoardTicket.AtRisk or BoardTicket.Breached || shown.ContainsKey(entry.Key))
        {
            offered.Writer.TryWrite(entry);
        }
    }

    /// <summary>Takes an escalation row a grain of this silo wrote: every one goes on (each changes the page's lists).</summary>
    public void Offer(EscalationView escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        offeredEscalations.Writer.TryWrite(escalation);
    }

    /// <summary>Connects a page: it reads every change from now on until it disposes its connection.</summary>
    public BoardConnection Connect()
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<BoardChange>(new BoundedChannelOptions(PageBacklog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        pages[id] = channel;
        return new BoardConnection(channel.Reader, () => pages.TryRemove(id, out _));
    }

    public Task ChangedAsync(IReadOnlyList<BoardTicket> tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        foreach (var ticket in tickets)
        {
            Remember(ticket.Key, ticket.IsShown);
            Hand(new BoardChange(ticket, null));
        }

        return Task.CompletedTask;
    }

    public Task EscalationsChangedAsync(IReadOnlyList<BoardEscalation> escalations)
    {
        ArgumentNullException.ThrowIfNull(escalations);
        foreach (var escalation in escalations)
        {
            Hand(new BoardChange(null, escalation));
        }

        return Task.CompletedTask;
    }

    private void Hand(BoardChange change)
    {
        foreach (var page in pages.Values)
        {
            page.Writer.TryWrite(change);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        reference = grains.CreateObjectReference<IBoardObserver>(this);
        publishing = Task.Run(
            () => PublishAsync(offered.Reader, e => e.Key, batch => grains.GetGrain<IBoardFeedGrain>(0).PublishAsync([.. batch.Select(BoardTickets.Describe)]), stopping.Token),
            CancellationToken.None);
        publishingEscalations = Task.Run(
            () => PublishAsync(offeredEscalations.Reader, e => e.Id, batch => grains.GetGrain<IBoardFeedGrain>(0).PublishEscalationsAsync([.. batch.Select(Describe)]), stopping.Token),
            CancellationToken.None);
        renewing = Task.Run(() => RenewAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        foreach (var task in new[] { publishing, publishingEscalations, renewing }.OfType<Task>())
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (reference is not null)
        {
            grains.DeleteObjectReference<IBoardObserver>(reference);
        }
    }

    /// <summary>
    /// Ends the loops when the host is disposed without being stopped (a silo killed in process): its services are
    /// gone, and a loop left waiting would wake only to find them disposed. The container disposes this feed once for
    /// each registration that hands it out, so a second call does nothing.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping.Cancel();
            stopping.Dispose();
        }
    }

    private void Remember(string key, bool isShown)
    {
        if (isShown)
        {
            shown[key] = 0;
        }
        else
        {
            shown.TryRemove(key, out _);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var loaded = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IBoardFeedGrain>(0).SubscribeAsync(reference!);
                if (!loaded)
                {
                    await LoadShownAsync(cancellationToken);
                    loaded = true;
                }
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogRenewFailed(logger, ex);
            }

            await Task.Delay(RenewEvery, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The tickets shown before this silo started, so their leaving is published when a grain here writes it.</summary>
    private async Task LoadShownAsync(CancellationToken cancellationToken)
    {
        var index = services.GetRequiredService<ITicketIndex>();
        foreach (var state in new[] { BoardTicket.Breached, BoardTicket.AtRisk })
        {
            string? after = null;
            while (true)
            {
                var page = await index.ListAsync(state, null, after, MaxBatch, cancellationToken);
                foreach (var entry in page)
                {
                    shown.TryAdd(entry.Key, 0);
                }

                if (page.Count < MaxBatch)
                {
                    break;
                }

                after = page[^1].Key;
            }
        }
    }

    /// <summary>
    /// Publishes what <paramref name="reader"/> gathers, every <see cref="Gather"/>, the latest of each key (by
    /// <paramref name="keyOf"/>), at most <see cref="MaxBatch"/> to a call.
    /// </summary>
    private async Task PublishAsync<T>(ChannelReader<T> reader, Func<T, string> keyOf, Func<IReadOnlyCollection<T>, Task> publish, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await reader.WaitToReadAsync(cancellationToken);
                await Task.Delay(Gather, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var latest = new Dictionary<string, T>(StringComparer.Ordinal);
            while (latest.Count < MaxBatch && reader.TryRead(out var item))
            {
                latest[keyOf(item)] = item;
            }

            try
            {
                await publish(latest.Values);
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // Pages that miss a change see it on their next load; the index itself is already written.
                LogPublishFailed(logger, ex, latest.Count);
            }
        }
    }

    private static BoardEscalation Describe(EscalationView view) =>
        new(view.Id, view.TicketKey, view.Team, view.Owner, view.State, view.Level, view.UpdatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board feed subscription not renewed; live board updates reach this silo once it is")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} board changes not published; open boards show them on their next load")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);
}
