namespace SlaEscalation.Grains.Tickets;

/// <summary>How long a solved ticket is kept after its latest event before retention removes it.</summary>
/// <param name="SolvedTicketAge">The age; at least a day.</param>
public sealed record RetentionPolicy(TimeSpan SolvedTicketAge)
{
    /// <summary>The default age, in days: 400, so that a year's tickets are there for a year-on-year comparison.</summary>
    public const int DefaultDays = 400;

    /// <summary>The default policy.</summary>
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(DefaultDays));
}
