using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// The board's settings (<c>Board__*</c>). <see cref="TrustedUserHeader"/> names the header an authenticating reverse
/// proxy (oauth2-proxy and the like) sets to the signed-in person; only set it when every request reaches the silo
/// through that proxy, which must strip the header from what clients send. People it signs in get
/// <see cref="TrustedUserScopes"/>.
/// </summary>
public sealed record BoardSettings(string? TrustedUserHeader, IReadOnlySet<string> TrustedUserScopes, int NowRows)
{
    public const string Section = "Board";

    /// <summary>What people signed in by the proxy may do unless <c>Board__TrustedUserScopes</c> says otherwise: read.</summary>
    public static readonly IReadOnlySet<string> DefaultProxyScopes = new HashSet<string>(StringComparer.Ordinal) { Scopes.TicketsRead, Scopes.DigestsRead };

    /// <summary>How many tickets of each list the Now page, and how many escalations the Escalations page, draw at first unless <c>Board__NowRows</c> says otherwise.</summary>
    public const int DefaultNowRows = 500;

    /// <summary>Reads and checks the settings; a bad one stops start-up with a line naming its key.</summary>
    public static BoardSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var header = configuration[$"{Section}:TrustedUserHeader"]?.Trim();
        if (string.IsNullOrEmpty(header))
        {
            header = null;
        }
        else if (!header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{Section}:TrustedUserHeader '{Clip(header)}' must be a header name: letters, digits, '-' or '_' (e.g. X-Forwarded-User).");
        }

        var scopes = DefaultProxyScopes;
        if (configuration[$"{Section}:TrustedUserScopes"] is { } raw && !string.IsNullOrWhiteSpace(raw))
        {
            scopes = raw.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in scopes.Where(s => !Scopes.All.Contains(s)))
            {
                errors.Add($"{Section}:TrustedUserScopes names '{Clip(unknown)}', which is not a scope ({string.Join(", ", Scopes.All)}).");
            }
        }

        var rows = DefaultNowRows;
        if (configuration[$"{Section}:NowRows"] is { } rowsText && !string.IsNullOrWhiteSpace(rowsText)
            && (!int.TryParse(rowsText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out rows) || rows is < 10 or > 20_000))
        {
            errors.Add($"{Section}:NowRows '{Clip(rowsText)}' must be a whole number from 10 to 20000.");
        }

        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        return new BoardSettings(header, scopes, rows);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
