using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Adapters.Zendesk.Notes;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary><c>Adapters__{connection}__InternalNotes</c>: notes only when asked for, on a connection that can reach Zendesk.</summary>
public sealed class ZendeskNoteSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value))).Build();

    private static readonly (string, string)[] Api =
        [("Adapters:zendesk-eu:ApiToken", "t0k3n"), ("Adapters:zendesk-eu:Email", "bot@acme.example"), ("Adapters:zendesk-eu:Subdomain", "acme")];

    [Fact]
    public void A_connection_that_asks_for_notes_gets_the_note_channel_and_one_that_does_not_gets_none()
    {
        var asked = new ServiceCollection().AddSlaZendeskNotes(Settings([.. Api, ("Adapters:zendesk-eu:InternalNotes", "true")]));
        var notAsked = new ServiceCollection().AddSlaZendeskNotes(Settings([.. Api, ("Adapters:zendesk-eu:InternalNotes", "false")]));

        Assert.Single(asked, d => d.ServiceType == typeof(INotificationChannel));
        Assert.DoesNotContain(notAsked, d => d.ServiceType == typeof(INotificationChannel));
    }

    [Fact]
    public void Notes_without_the_api_settings_or_with_a_value_that_is_not_a_boolean_stop_start_up_naming_the_setting()
    {
        var withoutApi = Assert.Throws<StartupFailure>(() => new ServiceCollection().AddSlaZendeskNotes(Settings(("Adapters:zendesk-us:InternalNotes", "true"))));
        var notBoolean = Assert.Throws<StartupFailure>(() => new ServiceCollection().AddSlaZendeskNotes(Settings([.. Api, ("Adapters:zendesk-eu:InternalNotes", "yes")])));

        Assert.Equal("Adapters__zendesk-us__InternalNotes needs the connection's __ApiToken, __Email and __Subdomain (or __BaseUrl) to reach Zendesk.", withoutApi.Message);
        Assert.Equal("Adapters__zendesk-eu__InternalNotes: 'yes' is not true or false.", notBoolean.Message);
    }

    [Theory]
    [InlineData("zendesk-eu:4711", 4711L)]
    [InlineData("zendesk-eu:0", null)]
    [InlineData("zendesk-eu:47a", null)]
    [InlineData("zendesk-us:4711", null)]
    [InlineData("zendesk-eu-2:4711", null)]
    public void Only_a_ticket_of_the_connection_with_a_zendesk_id_gets_a_note(string key, long? id) =>
        Assert.Equal(id, ZendeskNote.TicketId(key, "zendesk-eu"));

    [Fact]
    public void The_note_says_the_step_and_ends_with_the_notice_mark()
    {
        var at = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        var raised = new EscalationNotice("n-1", EscalationNoticeTypes.Raised, "zendesk-eu:4711", "esc-1", "support", "first_reply", 2, "user:lena", at, "escalation", "breached");
        var acknowledged = raised with { NoticeId = "n-2", Type = EscalationNoticeTypes.Acknowledged, Actor = "slack:acme-slack:U0LENA1", Detail = null };

        Assert.Equal("SLA escalation level 2 (first_reply) raised: owner user:lena (breached).\n[SLA notice n-1]", ZendeskNote.Text(raised));
        Assert.Equal("SLA escalation level 2 (first_reply) acknowledged by slack:acme-slack:U0LENA1; owner user:lena.\n[SLA notice n-2]", ZendeskNote.Text(acknowledged));
    }
}
