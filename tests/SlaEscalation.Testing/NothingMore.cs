namespace SlaEscalation.Testing;

/// <summary>
/// The one fixed wait a test may make: after what it awaited has arrived, it gives a repeat, a late duplicate or a
/// step that must not be taken the time to show, and the assertions after it prove that none did. Anything a test
/// waits <em>for</em> is awaited with <see cref="Eventually"/> instead.
/// </summary>
public static class NothingMore
{
    /// <summary>Lets <paramref name="window"/> of real time pass, in which nothing more should arrive.</summary>
    public static Task ArrivesWithinAsync(TimeSpan window) => Task.Delay(window);
}
