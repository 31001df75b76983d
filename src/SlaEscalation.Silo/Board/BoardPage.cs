namespace SlaEscalation.Silo.Board;

/// <summary>What every board page draws around its content: who is signed in, the form token, the silo's clock.</summary>
/// <param name="User">The person signed in.</param>
/// <param name="FormField">The anti-forgery field's name.</param>
/// <param name="FormToken">The anti-forgery token every form posts.</param>
/// <param name="Now">The silo's clock, so countdowns in a browser with a wrong clock are still right.</param>
/// <param name="Path">The page's own path and query, where a command returns to.</param>
/// <param name="Notice">What the last command did, in words; null when none.</param>
public sealed record BoardPage(BoardUser User, string FormField, string FormToken, DateTimeOffset Now, string Path, string? Notice);
