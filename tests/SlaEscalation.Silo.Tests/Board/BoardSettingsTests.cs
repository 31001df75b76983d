using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Board;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests.Board;

public sealed class BoardSettingsTests
{
    private static BoardSettings Load(params (string Key, string Value)[] values) =>
        BoardSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_settings_no_proxy_is_trusted_and_Now_draws_500_rows()
    {
        var settings = Load();

        Assert.Null(settings.TrustedUserHeader);
        Assert.Equal(["digests:read", "tickets:read"], settings.TrustedUserScopes.Order(StringComparer.Ordinal));
        Assert.Equal(500, settings.NowRows);
    }

    [Fact]
    public void A_proxy_header_and_its_scopes_are_read_as_given()
    {
        var settings = Load(("Board:TrustedUserHeader", " X-Forwarded-User "), ("Board:TrustedUserScopes", "tickets:read, escalations:write"), ("Board:NowRows", "50"));

        Assert.Equal(("X-Forwarded-User", 50), (settings.TrustedUserHeader, settings.NowRows));
        Assert.Equal(["escalations:write", "tickets:read"], settings.TrustedUserScopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_bad_setting_is_named_in_one_start_up_failure()
    {
        var failure = Assert.Throws<StartupFailure>(() => Load(
            ("Board:TrustedUserHeader", "X User"), ("Board:TrustedUserScopes", "tickets:read,admin"), ("Board:NowRows", "5")));

        Assert.Equal(
            "Board:TrustedUserHeader 'X User' must be a header name: letters, digits, '-' or '_' (e.g. X-Forwarded-User). " +
            "Board:TrustedUserScopes names 'admin', which is not a scope (events:write, tickets:read, config:write, escalations:write, digests:read, operator). " +
            "Board:NowRows '5' must be a whole number from 10 to 20000.",
            failure.Message);
    }
}
