namespace SlaEscalation.Grains.Operations;

/// <summary>
/// Lets a grain that holds nothing go a while after its last piece of work instead of after Orleans' idle minutes:
/// each <see cref="Restart"/> moves its one timer to <paramref name="after"/> from now.
/// </summary>
/// <param name="grain">The grain whose timer it keeps.</param>
/// <param name="deactivate">The grain's own <c>DeactivateOnIdle</c>.</param>
/// <param name="after">How long after the last restart the grain goes.</param>
internal sealed class IdleRelease(IGrainBase grain, Action deactivate, TimeSpan after)
{
    private IGrainTimer? timer;

    public void Restart()
    {
        if (timer is null)
        {
            timer = grain.RegisterGrainTimer(_ =>
            {
                deactivate();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(after, Timeout.InfiniteTimeSpan));
        }
        else
        {
            timer.Change(after, Timeout.InfiniteTimeSpan);
        }
    }
}
