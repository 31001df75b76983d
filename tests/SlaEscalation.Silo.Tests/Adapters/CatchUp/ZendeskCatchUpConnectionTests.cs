using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

public sealed class ZendeskCatchUpConnectionTests
{
    private static (IReadOnlyList<ZendeskCatchUpConnection> Connections, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] settings) =>
        ZendeskCatchUpConnection.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build());

    [Fact]
    public void A_subdomain_makes_the_zendesk_url_and_the_period_defaults_to_five_minutes()
    {
        var (connections, errors) = Load(("Adapters__zd-eu__ApiToken", "tok-9f8e7d"), ("Adapters__zd-eu__Email", "a@example.com"), ("Adapters__zd-eu__Subdomain", "acme"));

        Assert.Empty(errors);
        Assert.Equal(
            [new ZendeskCatchUpConnection("zd-eu", new Uri("https://acme.zendesk.com/"), "a@example.com", "tok-9f8e7d", TimeSpan.FromMinutes(5))],
            connections);
        Assert.DoesNotContain("tok-9f8e7d", connections[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_without_a_token_has_no_catch_up()
    {
        Assert.Equal((0, 0), (Load(("Adapters__intercom__Secret", "s")).Connections.Count, Load(("Adapters__intercom__Secret", "s")).Errors.Count));
    }

    [Theory]
    [InlineData("Adapters__zd__Email", "", "Adapters__zd__Email is required with Adapters__zd__ApiToken: Zendesk authenticates an API token with its owner's email.")]
    [InlineData("Adapters__zd__Subdomain", "", "Adapters__zd__Subdomain or Adapters__zd__BaseUrl is required with Adapters__zd__ApiToken.")]
    [InlineData("Adapters__zd__Subdomain", "acme.evil.com/", "Adapters__zd__Subdomain: 'acme.evil.com/' is not a Zendesk subdomain (letters, digits and '-').")]
    [InlineData("Adapters__zd__BaseUrl", "ftp://acme", "Adapters__zd__BaseUrl: 'ftp://acme' is not an absolute http(s) URL.")]
    [InlineData("Adapters__zd__CatchUpEvery", "00:00:04", "Adapters__zd__CatchUpEvery: '00:00:04' is not a duration hh:mm:ss from 00:00:05 to 1.00:00:00 (e.g. 00:05:00).")]
    [InlineData("Adapters__zd__CatchUpEvery", "soon", "Adapters__zd__CatchUpEvery: 'soon' is not a duration hh:mm:ss from 00:00:05 to 1.00:00:00 (e.g. 00:05:00).")]
    [InlineData("Adapters__zd__CatchUpEvery", "300", "Adapters__zd__CatchUpEvery: '300' is not a duration hh:mm:ss from 00:00:05 to 1.00:00:00 (e.g. 00:05:00).")] // 300 days, read as a number
    [InlineData("Adapters__zd__CatchUpEvery", "2.00:00:00", "Adapters__zd__CatchUpEvery: '2.00:00:00' is not a duration hh:mm:ss from 00:00:05 to 1.00:00:00 (e.g. 00:05:00).")]
    public void A_bad_setting_is_one_line_naming_its_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string>
        {
            ["Adapters__zd__ApiToken"] = "t",
            ["Adapters__zd__Email"] = "a@example.com",
            ["Adapters__zd__Subdomain"] = "acme",
        };
        settings[key] = value;
        if (key.EndsWith("BaseUrl", StringComparison.Ordinal))
        {
            settings.Remove("Adapters__zd__Subdomain");
        }

        var (connections, errors) = Load(settings.Where(s => s.Value.Length > 0).Select(s => (s.Key, s.Value)).ToArray());

        Assert.Empty(connections);
        Assert.Equal([expected], errors);
    }
}
