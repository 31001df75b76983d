using Microsoft.Extensions.Logging;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Digests;

/// <summary>The digest's publication: requested once, carried through crashes by a reminder, sent once.</summary>
public sealed partial class DigestAggregatorGrain
{
    /// <summary>The reminder that carries a requested publication through crashes.</summary>
    public const string PublicationReminder = "digest-publish";

    /// <summary>How often a requested publication that has not finished is tried again.</summary>
    public static readonly TimeSpan PublicationRetry = TimeSpan.FromMinutes(1);

    public async Task RequestPublicationAsync()
    {
        if (state.State.PublishedAt is not null)
        {
            return;
        }

        if (!state.State.PublicationRequested)
        {
            day = await DayAsync(day.Team.Id, day.Date);
            state.State.PublicationRequested = true;
            state.State.PublishedTeam = DigestPublishedTeam.Of(day.Team);
            await state.WriteStateAsync();
        }

        await this.RegisterOrUpdateReminder(PublicationReminder, PublicationRetry, PublicationRetry);
        Continue();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != PublicationReminder)
        {
            return;
        }

        if (state.State.PublishedAt is not null || !state.State.PublicationRequested)
        {
            await UnregisterPublicationReminderAsync();
            return;
        }

        await StepAsync();
    }

    /// <summary>Recounts first, then measures once for good, then hands <c>digest.published</c> to the notifier.</summary>
    private async Task PublishAsync()
    {
        if (state.State.PublishedTeam is null)
        {
            // Requested before the team was kept with the request: it is kept now, before anything is counted for it.
            state.State.PublishedTeam = DigestPublishedTeam.Of(day.Team);
            await state.WriteStateAsync();
        }

        if (!state.State.PublicationRecounted)
        {
            await BeginRecountAsync();
            Continue();
            return;
        }

        if (!state.State.FinalMeasured)
        {
            state.State.Measurement = await measurer.MeasureAsync(day, time.GetUtcNow());
            state.State.FinalMeasured = true;
            await state.WriteStateAsync();
        }

        var publishedAt = time.GetUtcNow();
        var published = tally.Report(day, state.State.Measurement, publishedAt, state.State.LastReconcile);
        if (notifier is SilentNotifier)
        {
            LogNoNotifier(logger, day.Key);
        }

        await notifier.SendAsync(DigestNotification.Of(published));
        state.State.PublishedAt = publishedAt;
        await state.WriteStateAsync();
        await UnregisterPublicationReminderAsync();
        LogPublished(logger, day.Key, published.NewTickets, published.Breaches.Total);
        metrics.DigestPublished(day.Team.Id);
    }

    private async Task UnregisterPublicationReminderAsync()
    {
        if (await this.GetReminder(PublicationReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} published: {New} new tickets, {Breaches} breaches")]
    private static partial void LogPublished(ILogger logger, string digest, int @new, int breaches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {Digest}: no notifier is registered, so digest.published was recorded but sent nowhere")]
    private static partial void LogNoNotifier(ILogger logger, string digest);
}
