using NodaTime;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Grains.Simulations;

namespace SlaEscalation.Grains.Tests.Simulations;

public sealed class RecordedInterventionsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Acknowledgements_and_resolutions_by_a_person_are_taken_and_the_runbooks_own_steps_are_not()
    {
        EscalationStep[] first =
        [
            new(At, "raised", 1, "user:alice", "escalation", null),
            new(At.AddMinutes(5), "acknowledged", 1, "user:alice", "alice", null),
            new(At.AddMinutes(30), "resolved", 2, "user:alice", "bob", "resolved: fixed upstream"),
        ];
        EscalationStep[] second =
        [
            new(At, "raised", 1, "user:alice", "escalation", null),
            new(At.AddMinutes(40), "resolved", 1, "user:alice", "escalation", "achieved"),
        ];

        var byTicket = RecordedInterventions.ByTicket([View("t:1", "first_reply", first), View("t:1", "resolution", second), View("t:2", "resolution", second)]);

        Assert.Equal(
            [
                new EscalationIntervention("first_reply", Instant.FromDateTimeOffset(At.AddMinutes(5)), EscalationInterventionKind.Acknowledged),
                new EscalationIntervention("first_reply", Instant.FromDateTimeOffset(At.AddMinutes(30)), EscalationInterventionKind.Resolved),
            ],
            byTicket["t:1"]);
        Assert.Empty(byTicket["t:2"]);
    }

    private static EscalationView View(string ticket, string instance, EscalationStep[] history) =>
        new("esc_" + ticket + instance, ticket, instance, instance, "r", "support", "resolved", 2, "user:alice", true, null, At, At, At, null, [], history);
}
