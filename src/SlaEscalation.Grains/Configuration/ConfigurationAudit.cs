using System.Globalization;
using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// Records each committed configuration change as a <c>config_changed</c> entry in the
/// <see cref="AuditChains.Configuration"/> chain: the API key's name as actor (the seed as the system), the part's JSON
/// before and after, and <c>config-v{version}/{part}[/{id}]</c> as what caused it.
/// </summary>
public static partial class ConfigurationAudit
{
    /// <summary>The entry of <paramref name="change"/>.</summary>
    public static AuditFact Fact(ConfigurationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var part = change.Part.ToString().ToLowerInvariant();
        var causedBy = string.Create(CultureInfo.InvariantCulture,
            $"config-v{change.Version}/{part}{(change.PartId is null ? string.Empty : "/" + change.PartId)}");
        return new AuditFact(
            change.At,
            change.Actor == ConfigurationSeed.Actor ? AuditActorKind.System : AuditActorKind.User,
            change.Actor,
            null,
            AuditAction.ConfigChanged,
            change.Before,
            change.After,
            causedBy);
    }

    /// <summary>Appends the entry of a change that is already committed; a failure is logged, not thrown.</summary>
    public static async Task RecordAsync(IGrainFactory grains, ConfigurationChange change, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            await grains.GetGrain<IAuditChainGrain>(AuditChains.Configuration).AppendAsync(Fact(change));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The change is committed and answered as such; failing its caller now would only invite a retry that
            // changes nothing. An entry the chain grain stored but could not append yet is appended with its next one.
            LogNotRecorded(logger, change.Version, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA configuration version {Version} is committed but its audit entry could not be recorded")]
    private static partial void LogNotRecorded(ILogger logger, long version, Exception exception);
}
