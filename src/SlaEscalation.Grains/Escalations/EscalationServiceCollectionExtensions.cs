using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Grains.Escalations;

public static class EscalationServiceCollectionExtensions
{
    /// <summary>
    /// Registers what escalations need apart from their index: the internal issue tracker as the task port, unless
    /// an adapter (Jira, Linear) registered one before.
    /// </summary>
    public static IServiceCollection AddSlaEscalations(this IServiceCollection services)
    {
        services.TryAddSingleton<ITaskTracker, InternalTaskTracker>();
        return services;
    }
}
