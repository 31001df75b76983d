using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Security;

namespace SlaEscalation.Silo.Tests;

public sealed class ApiKeyRingTests
{
    private const string LongKey = "k-0123456789abcdef0123456789";

    private static (ApiKeyRing Ring, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] values) =>
        ApiKeyRing.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void A_configured_key_is_found_with_its_name_and_scopes()
    {
        var (ring, errors) = Load(
            ("Auth:ApiKeys:0:Name", "zendesk-adapter"),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "events:write, tickets:read"));

        Assert.Empty(errors);
        var key = ring.Find(LongKey);
        Assert.NotNull(key);
        Assert.Equal("zendesk-adapter", key.Name);
        Assert.Equal(["events:write", "tickets:read"], key.Scopes.Order(StringComparer.Ordinal));
        Assert.Null(ring.Find(LongKey + "x"));
        Assert.Null(ring.Find(string.Empty));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("zendesk", "zendesk")]
    [InlineData("zendesk, intercom", "intercom,zendesk")]
    [InlineData("zendesk-eu,help_desk.v2", "help_desk.v2,zendesk-eu")]
    public void A_key_may_be_limited_to_event_sources(string? sources, string expected)
    {
        var (ring, errors) = Load(
            ("Auth:ApiKeys:0:Name", "adapter"),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "events:write"),
            ("Auth:ApiKeys:0:Sources", sources!));

        Assert.Empty(errors);
        Assert.Equal(expected, string.Join(",", ring.Find(LongKey)!.Sources.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("zendesk:eu")]
    [InlineData("zen/desk")]
    [InlineData("zendesk,ünicode")]
    public void A_source_that_cannot_be_a_ticket_key_prefix_is_refused_with_its_path(string sources)
    {
        var (ring, errors) = Load(
            ("Auth:ApiKeys:0:Name", "adapter"),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "events:write"),
            ("Auth:ApiKeys:0:Sources", sources));

        Assert.Single(errors);
        Assert.StartsWith("Auth:ApiKeys:0:Sources names '", errors[0], StringComparison.Ordinal);
        Assert.Null(ring.Find(LongKey));
    }

    [Fact]
    public void A_key_can_be_configured_by_its_sha256_alone()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LongKey)));
        var (ring, errors) = Load(("Auth:ApiKeys:ops:KeySha256", sha), ("Auth:ApiKeys:ops:Scopes", "operator"));

        Assert.Empty(errors);
        Assert.Equal("ops", ring.Find(LongKey)?.Name);
    }

    [Fact]
    public void Weak_or_incomplete_keys_are_refused_with_their_path()
    {
        var (ring, errors) = Load(
            ("Auth:ApiKeys:0:Name", "a"),
            ("Auth:ApiKeys:0:Key", "short"),
            ("Auth:ApiKeys:0:Scopes", "operator"),
            ("Auth:ApiKeys:1:Name", "b"),
            ("Auth:ApiKeys:1:Scopes", "operator"),
            ("Auth:ApiKeys:2:Name", "c"),
            ("Auth:ApiKeys:2:Key", LongKey),
            ("Auth:ApiKeys:2:Scopes", "root"),
            ("Auth:ApiKeys:3:Name", "d"),
            ("Auth:ApiKeys:3:KeySha256", "not-hex"),
            ("Auth:ApiKeys:3:Scopes", "operator"));

        Assert.Equal(
            [
                "Auth:ApiKeys:0:Key is shorter than 24 characters: use a long random key (for example: openssl rand -hex 32).",
                "Auth:ApiKeys:1 has neither Key nor KeySha256.",
                "Auth:ApiKeys:2:Scopes names unknown scope 'root': use events:write, tickets:read, config:write, escalations:write, digests:read, operator.",
                "Auth:ApiKeys:3:KeySha256 must be 64 hexadecimal characters (the SHA-256 of the key).",
            ],
            errors);
        Assert.Null(ring.Find("short"));
    }

    [Fact]
    public void A_listed_key_without_a_name_is_refused_rather_than_named_by_its_place_in_the_list()
    {
        var (_, errors) = Load(
            ("Auth:ApiKeys:3:Key", LongKey),
            ("Auth:ApiKeys:3:Scopes", "operator"),
            ("Auth:ApiKeys:4:Name", " "),
            ("Auth:ApiKeys:4:Key", LongKey + "4"),
            ("Auth:ApiKeys:4:Scopes", "operator"));

        Assert.Equal(
            [
                "Auth:ApiKeys:3 has no Name: set Auth__ApiKeys__3__Name, the name the audit trail and the rate limit know the key by (a place in the list changes when the list does).",
                "Auth:ApiKeys:4 has no Name: set Auth__ApiKeys__4__Name, the name the audit trail and the rate limit know the key by (a place in the list changes when the list does).",
            ],
            errors);
    }

    [Fact]
    public void The_same_key_under_two_entries_is_refused_whether_given_as_key_or_as_its_sha256()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LongKey)));
        var (_, errors) = Load(
            ("Auth:ApiKeys:0:Name", "reader"),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "tickets:read"),
            ("Auth:ApiKeys:1:Name", "operator"),
            ("Auth:ApiKeys:1:Key", LongKey),
            ("Auth:ApiKeys:1:Scopes", "operator"),
            ("Auth:ApiKeys:2:Name", "admin"),
            ("Auth:ApiKeys:2:KeySha256", sha.ToUpperInvariant()),
            ("Auth:ApiKeys:2:Scopes", "config:write"));

        Assert.Equal(
            [
                "Auth:ApiKeys:1 is the same key as Auth:ApiKeys:0 ('reader'): give every entry a key of its own.",
                "Auth:ApiKeys:2 is the same key as Auth:ApiKeys:0 ('reader'): give every entry a key of its own.",
            ],
            errors);
    }

    [Fact]
    public void Two_keys_with_one_name_are_refused()
    {
        var (_, errors) = Load(
            ("Auth:ApiKeys:0:Name", "ops"),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "operator"),
            ("Auth:ApiKeys:1:Name", "ops"),
            ("Auth:ApiKeys:1:Key", LongKey + "1"),
            ("Auth:ApiKeys:1:Scopes", "tickets:read"),
            ("Auth:ApiKeys:2:Name", "OPS"),
            ("Auth:ApiKeys:2:Key", LongKey + "2"),
            ("Auth:ApiKeys:2:Scopes", "tickets:read"));

        Assert.Equal(
            [
                "Auth:ApiKeys:1:Name 'ops' is already the name of Auth:ApiKeys:0 (names compare ignoring case): give every key a name of its own.",
                "Auth:ApiKeys:2:Name 'OPS' is already the name of Auth:ApiKeys:0 (names compare ignoring case): give every key a name of its own.",
            ],
            errors);
    }

    [Fact]
    public void A_name_that_cannot_be_an_actor_in_the_audit_trail_is_refused()
    {
        var (_, errors) = Load(
            ("Auth:ApiKeys:0:Name", new string('n', 201)),
            ("Auth:ApiKeys:0:Key", LongKey),
            ("Auth:ApiKeys:0:Scopes", "operator"));

        Assert.Equal(["Auth:ApiKeys:0:Name must be at most 200 characters, not 201."], errors);
    }
}
