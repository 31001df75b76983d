using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class TicketWireTests
{
    [Fact]
    public void Every_wire_name_round_trips()
    {
        foreach (var priority in Enum.GetValues<Priority>())
        {
            Assert.True(TicketWire.TryParsePriority(priority.ToWire(), out var parsed) && parsed == priority);
        }

        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            Assert.True(TicketWire.TryParseStatus(status.ToWire(), out var parsed) && parsed == status);
        }

        foreach (var role in Enum.GetValues<AuthorRole>())
        {
            Assert.True(TicketWire.TryParseAuthorRole(role.ToWire(), out var parsed) && parsed == role);
        }

        Assert.Equal("on_hold", TicketStatus.OnHold.ToWire());
    }

    [Theory]
    [InlineData("URGENT")]
    [InlineData("critical")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_wire_name_is_a_failure_not_an_exception(string? text)
    {
        Assert.False(TicketWire.TryParsePriority(text, out _));
        Assert.False(TicketWire.TryParseStatus(text, out _));
        Assert.False(TicketWire.TryParseAuthorRole(text, out _));
    }
}
