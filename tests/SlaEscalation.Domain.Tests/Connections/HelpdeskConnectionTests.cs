using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Domain.Tests.Connections;

public sealed class HelpdeskConnectionTests
{
    private static readonly HelpdeskConnection Connection = new(
        "zendesk-eu",
        ConnectionKind.Zendesk,
        Priorities: new Dictionary<string, string>(StringComparer.Ordinal) { ["P1"] = "urgent" },
        Statuses: new Dictionary<string, string>(StringComparer.Ordinal) { ["360000123456"] = "on_hold", ["Waiting for customer"] = "pending" },
        Teams: new Dictionary<string, string>(StringComparer.Ordinal) { ["360001111111"] = "support-eu" },
        Agents: new Dictionary<string, string>(StringComparer.Ordinal) { ["9001"] = "dieter", ["9002"] = "", ["9003"] = "  " },
        DefaultPriority: "high",
        DefaultStatus: "new");

    [Theory]
    [InlineData("P1", "urgent")]          // mapped
    [InlineData("p1", "urgent")]          // mapped, any case
    [InlineData("HIGH", "high")]          // our own word, as Zendesk spells it
    [InlineData("low", "low")]
    [InlineData("Blocker", "high")]       // unmapped: the default
    [InlineData("", "high")]              // no priority: the default
    public void A_vendor_priority_becomes_ours(string vendor, string ours) => Assert.Equal(ours, Connection.Priority(vendor));

    [Theory]
    [InlineData("360000123456", "on_hold")]        // a custom status id
    [InlineData("waiting for customer", "pending")]
    [InlineData("HOLD", "on_hold")]                // Zendesk's word for on_hold
    [InlineData("SOLVED", "solved")]
    [InlineData("pending", "pending")]
    [InlineData("escalated", "new")]               // unmapped: the default
    public void A_vendor_status_becomes_ours(string vendor, string ours) => Assert.Equal(ours, Connection.Status(vendor));

    [Theory]
    [InlineData("9002")]
    [InlineData("9003")]
    public void A_user_mapped_to_a_blank_agent_is_no_agent_never_an_empty_owner(string vendorUser) =>
        Assert.Null(Connection.Agent(vendorUser));

    [Fact]
    public void Unmapped_groups_and_users_leave_team_and_agent_to_routing_and_assignment()
    {
        Assert.Equal(("support-eu", "dieter"), (Connection.Team("360001111111"), Connection.Agent("9001")));
        Assert.Equal((null, null), (Connection.Team("1"), Connection.Agent("2")));
    }

    [Fact]
    public void Ticket_keys_carry_the_connection_so_two_accounts_never_collide() =>
        Assert.Equal(["zendesk-eu:1042", "zendesk-us:1042"], new[] { Connection, Connection with { Id = "zendesk-us" } }.Select(c => c.TicketKey("1042")));
}
