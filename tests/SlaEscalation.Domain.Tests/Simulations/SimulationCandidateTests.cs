using System.Text.Json;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Simulations;

public sealed class SimulationCandidateTests
{
    private const string InForce = """{"calendars":{"c":{"zone":"UTC","windows":{"all":[["00:00","24:00"]]}}},"policies":[{"id":"p","targets":{"high":{"first_reply":{"target":"PT1H","calendar":"c"}}}}]}""";

    [Theory]
    [InlineData("""{"policies":[{"id":"q","targets":{"high":{"first_reply":{"target":"PT2H","calendar":"c"}}}}]}""", "")]
    [InlineData("\"policies:\\n  - { id: q, targets: { high: { first_reply: { target: PT2H, calendar: c } } } }\"", "")]
    [InlineData("""{"policies":[{"id":"q","targets":{"high":{"first_reply":{"target":"PT2H","calendar":"nowhere"}}}}]}""", "/candidate/policies/0/targets/high/first_reply/calendar")]
    [InlineData("""{"calendars":{}}""", "/candidate/policies/0/targets/high/first_reply/calendar")]
    [InlineData("""{"colour":"red"}""", "/candidate/colour")]
    [InlineData("[1]", "/candidate")]
    public void Sections_given_replace_those_in_force_and_errors_point_into_the_candidate(string candidate, string pointers)
    {
        var (document, errors) = SimulationCandidate.Merge(InForce, JsonDocument.Parse(candidate).RootElement, "/candidate");

        Assert.Equal(pointers.Length == 0 ? [] : pointers.Split(','), errors.Select(e => e.Path));
        Assert.Equal(pointers.Length == 0, document is not null);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("colour", "/colour")]
    [InlineData("policies[0].targets.urgent.first_reply", "/policies/0/targets/urgent/first_reply")]
    [InlineData("calendars.a/b", "/calendars/a~1b")]
    [InlineData("/policies/0", "/policies/0")]
    public void Validation_paths_become_json_pointers(string path, string pointer) =>
        Assert.Equal(pointer, SimulationCandidate.PointerOf(path));

    [Theory]
    //          window (November 2026)  -> active
    [InlineData("03", "05", true)]     // created in the window
    [InlineData("06", "07", true)]     // open when the window begins
    [InlineData("08", "09", true)]     // solved in the window
    [InlineData("10", "11", false)]    // solved before the window
    [InlineData("01", "02", false)]    // created after the window
    public void A_ticket_is_active_in_a_window_it_was_created_before_and_open_or_changed_in(string from, string to, bool active)
    {
        // Created 2 November, solved 9 November.
        var history = new TicketHistoryBuilder().Created("2026-11-02T10:00:00Z").Status("2026-11-09T10:00:00Z", TicketStatus.Solved).Events;

        Assert.Equal(active, PolicySimulation.ActiveIn(history, Day(from), Day(to)));
    }

    private static NodaTime.Instant Day(string day) => TicketHistoryBuilder.At($"2026-11-{day}T00:00:00Z");
}
