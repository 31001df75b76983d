namespace SlaEscalation.Silo.Board;

/// <summary>
/// The board sessions of one API key (keyed by the key's SHA-256 in hex) that were signed out. A session cookie is
/// only a signed claim, so without this record a copy of it would keep working until it expired.
/// </summary>
[Alias("SlaEscalation.Silo.Board.IBoardSessionsGrain")]
public interface IBoardSessionsGrain : IGrainWithStringKey
{
    /// <summary>Whether the session <paramref name="sessionId"/> was signed out.</summary>
    [Alias("IsEnded")]
    Task<bool> IsEndedAsync(string sessionId);

    /// <summary>Ends the session <paramref name="sessionId"/>: every copy of its cookie is refused from now on.</summary>
    [Alias("End")]
    Task EndAsync(string sessionId);
}
