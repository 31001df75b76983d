using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SlaEscalation.Silo.Board;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>A silo host disposed without being stopped leaves no board feed loop waking to find its services gone.</summary>
public sealed class BoardFeedDisposalTests
{
    [Fact]
    public async Task A_silo_disposed_without_stopping_logs_nothing_more_from_its_board_feed_after_a_renewal_period()
    {
        var logs = new FakeLoggerProvider();
        var silo = await NotificationSilo.StartAsync("feed-disposal-" + Guid.NewGuid().ToString("N")[..8], postgres: null, [], services =>
            services.AddSingleton<ILoggerProvider>(logs));
        await silo.DisposeAsync();
        var disposedAt = DateTimeOffset.UtcNow;

        // Its renew loop waits a renewal period between attempts: one more period shows whether it is still there.
        await Task.Delay(BoardFeed.RenewEvery + TimeSpan.FromSeconds(2));
        Assert.Empty(logs.Collector.GetSnapshot().Where(r => r.Category == typeof(BoardFeed).FullName && r.Timestamp >= disposedAt)
            .Select(r => $"{r.Level} {r.Message} {r.Exception?.GetType().Name}"));
    }
}
