using NodaTime;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Tickets.TicketClocks;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class BreachPinningTests
{
    [Theory]
    //          emitted, each key@HH:mm@version                                        now v  -> pinned, each instance@HH:mm
    [InlineData("first_reply/breached@10:00@1",                                         2,       "first_reply@10:00")]
    [InlineData("first_reply/breached@10:00@2",                                         2,       "")]
    [InlineData("first_reply/breached@10:00@3",                                         2,       "")]
    [InlineData("first_reply/at_risk@09:45@1,first_reply/achieved@10:30@1",             2,       "")]
    [InlineData("owner#0@09:00@1,created#0@09:00@1",                                    2,       "")]
    [InlineData("first_reply/breached@10:00@1,next_reply#0/breached@12:00@2",           2,       "first_reply@10:00")]
    [InlineData("first_reply/breached@10:00@1,next_reply#0/breached@12:00@2",           3,       "first_reply@10:00,next_reply#0@12:00")]
    public void Only_breaches_emitted_under_an_earlier_configuration_are_pinned(string emitted, long version, string pinned)
    {
        var marks = List(emitted).Select(e => e.Split('@')).Select(p => (p[0], At(p[1]), long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)));
        var expected = List(pinned).Select(p => p.Split('@')).ToDictionary(p => p[0], p => At(p[1]));

        var result = BreachPinning.Pinned(marks, version);

        Assert.Equal(expected, result ?? new Dictionary<string, Instant>());
        Assert.Equal(expected.Count == 0, result is null);
    }
}
