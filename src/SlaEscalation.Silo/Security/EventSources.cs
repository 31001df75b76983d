using System.Globalization;
using System.Security.Claims;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Api;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// The event sources an API key may write for (<c>Auth__ApiKeys__&lt;n&gt;__Sources=zendesk</c>). An adapter's key
/// limited to its helpdesk can neither write another helpdesk's tickets (the ticket key's prefix) nor claim its
/// event ids (repeats are dropped by <c>source</c> and <c>id</c>, so a forged <c>source</c> could shadow real events).
/// </summary>
public static class EventSources
{
    /// <summary>The claim type that carries a source the key may write for.</summary>
    public const string ClaimType = "event-source";

    /// <summary>Whether <paramref name="name"/> can name a source: 1-100 letters, digits, '.', '-' or '_'.</summary>
    public static bool IsSourceName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>
    /// The events <paramref name="user"/> may not write, each with the source it names: its <c>source</c> when that
    /// is not one of the key's, else its ticket key's prefix when that is not. Empty for a key without sources.
    /// </summary>
    /// <remarks><paramref name="batch"/>: whether the body was an array, so pointers index it.</remarks>
    public static IReadOnlyList<ProblemError> Refused(ClaimsPrincipal user, IReadOnlyList<(string TicketKey, TicketEventRecord Event)> events, bool batch)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(events);
        var allowed = user.FindAll(ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (allowed.Count == 0)
        {
            return [];
        }

        var refused = new List<ProblemError>();
        for (var i = 0; i < events.Count; i++)
        {
            var (ticketKey, record) = events[i];
            var at = batch ? string.Create(CultureInfo.InvariantCulture, $"/{i}") : string.Empty;
            var prefix = ticketKey[..ticketKey.IndexOf(':', StringComparison.Ordinal)];
            if (!allowed.Contains(record.Source))
            {
                refused.Add(ProblemError.InBody(at + "/source", $"this API key may not write events of source '{Clip(record.Source)}' (it may write {string.Join(", ", allowed.Order(StringComparer.Ordinal))})"));
            }
            else if (!allowed.Contains(prefix))
            {
                refused.Add(ProblemError.InBody(at + "/subject", $"this API key may not write tickets of source '{Clip(prefix)}' (it may write {string.Join(", ", allowed.Order(StringComparer.Ordinal))})"));
            }
        }

        return refused;
    }

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
