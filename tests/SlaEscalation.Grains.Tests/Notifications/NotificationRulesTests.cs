using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly Notification Valid =
        new("zendesk:1/first_reply/0/breached", "sla.breached", "zendesk:1", DateTimeOffset.UnixEpoch, """{"a":[1,2]}""", "support", "user:ann");

    [Fact]
    public void A_complete_notification_has_no_problems()
    {
        Assert.Empty(NotificationRules.Problems(Valid));
        Assert.Empty(NotificationRules.Problems(Valid with { Team = null, Recipient = null, DataJson = "null" }));
    }

    [Fact]
    public void Every_problem_is_named_and_sending_refuses_the_notification()
    {
        var bad = Valid with { DeliveryKey = "has space", Type = "SLA.Breached", Subject = " ", DataJson = "{not json", Team = "" };

        Assert.Equal(
            [
                "deliveryKey must be 1-400 printable ASCII characters without spaces",
                "type must be 1-100 characters of a-z, 0-9, '.', '_' or '-', e.g. sla.breached",
                "subject must be 1-400 characters",
                "team, when given, must be 1-150 characters",
                "dataJson must be one JSON value",
            ],
            NotificationRules.Problems(bad));
        var refused = Assert.Throws<ArgumentException>(() => NotificationRules.EnsureSendable(bad));
        Assert.StartsWith("notification 'has space' cannot be sent: deliveryKey must be", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k\u00e9y")]
    [InlineData("tab\tkey")]
    public void Delivery_keys_must_be_printable_ascii(string key) =>
        Assert.Single(NotificationRules.Problems(Valid with { DeliveryKey = key }));

    [Fact]
    public void A_delivery_key_of_400_characters_is_taken_and_401_is_not()
    {
        Assert.Empty(NotificationRules.Problems(Valid with { DeliveryKey = new string('k', 400) }));
        Assert.Single(NotificationRules.Problems(Valid with { DeliveryKey = new string('k', 401) }));
    }
}
