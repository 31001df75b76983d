namespace SlaEscalation.LoadTool;

/// <summary>One figure-producing workload. Its options are read when it is made, before anything starts.</summary>
public interface ILoadCommand
{
    Task RunAsync(LoadRig rig, CancellationToken cancellationToken);
}
