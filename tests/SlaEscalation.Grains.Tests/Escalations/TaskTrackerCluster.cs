using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Grains.Tests.Tickets;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>The fake-clock ticket silo with a <see cref="RecordingTaskTracker"/> as the task port.</summary>
public sealed class TaskTrackerCluster() : TicketClusterBase(new FakeTimeProvider(TicketCluster.Start))
{
    public RecordingTaskTracker Tracker { get; } = new();

    public FakeTimeProvider Time => (FakeTimeProvider)Clock;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ITaskTracker>(Tracker);
}
