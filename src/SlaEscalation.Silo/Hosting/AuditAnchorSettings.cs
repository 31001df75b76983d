using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// <c>Audit__AnchorKey</c>: the secret that signs the audit trail's anchors (<see cref="AuditAnchors"/>). It lives in
/// the silos' settings (a Kubernetes Secret), never in the database, and every silo and <c>audit verify</c> share it.
/// </summary>
public static class AuditAnchorSettings
{
    /// <summary>The setting's configuration key.</summary>
    public const string AnchorKey = "Audit:AnchorKey";

    /// <summary>
    /// The configured key; without one, a key of this run when <paramref name="mode"/> is embedded (its trail lives no
    /// longer than the process), and null when durable (anchors are not written: see <c>docs/audit.md</c>).
    /// </summary>
    /// <exception cref="StartupFailure">The key is shorter than <see cref="AuditAnchorKey.MinLength"/> characters.</exception>
    public static AuditAnchorKey? Read(IConfiguration configuration, StorageMode mode)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secret = configuration[AnchorKey];
        if (string.IsNullOrEmpty(secret))
        {
            return mode == StorageMode.Embedded ? AuditAnchorKey.NewForRun() : null;
        }

        return secret.Length >= AuditAnchorKey.MinLength
            ? AuditAnchorKey.FromSecret(secret)
            : throw new StartupFailure($"{SiloSettings.Env(AnchorKey)} must have at least {AuditAnchorKey.MinLength} characters (e.g. $(openssl rand -hex 32)).");
    }
}
