using System.Text.Json;
using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Scenarios;

/// <summary>
/// Every case of shared/scenarios/ticket-cases.json. The cases give no evaluation instant; they are evaluated
/// 30 days after their last event, when every clock in them has settled.
/// </summary>
public sealed class TicketScenarioTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ScenarioFiles.Load("ticket-cases.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_are_the_hand_checked_values(string name)
    {
        var c = ScenarioFiles.Load("ticket-cases.json").GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var history = Events(c.GetProperty("events"));
        var now = history[^1].Time + Duration.FromDays(30);

        var evaluation = SlaEngine.Evaluate(Configuration(c), history, now);

        foreach (var expected in c.GetProperty("expect").EnumerateObject())
        {
            Assert.True(SlaMetricWire.TryParse(expected.Name, out var metric));
            var instances = evaluation.Metrics.Where(m => m.Metric == metric).ToList();
            if (expected.Value.TryGetProperty("cycles", out var cycles))
            {
                Assert.Equal(cycles.GetArrayLength(), instances.Count);
                var cycle = 0;
                foreach (var expectedCycle in cycles.EnumerateArray())
                {
                    AssertInstance(expectedCycle, instances[cycle], $"{name}: {expected.Name}#{cycle}");
                    cycle++;
                }
            }
            else
            {
                AssertInstance(expected.Value, Assert.Single(instances), $"{name}: {expected.Name}");
            }
        }
    }

    private static void AssertInstance(JsonElement expected, MetricInstance actual, string what)
    {
        foreach (var field in expected.EnumerateObject())
        {
            switch (field.Name)
            {
                case "state":
                    Assert.True(field.Value.GetString() == Wire(actual.State), $"{what} state: expected {field.Value}, got {actual.State}");
                    break;
                default:
                    var value = field.Name switch
                    {
                        "startedAt" => actual.StartedAt,
                        "deadline" => actual.Deadline,
                        "atRiskAt" => actual.AtRiskAt,
                        "breachedAt" => actual.BreachedAt,
                        "achievedAt" => actual.AchievedAt,
                        _ => throw new InvalidOperationException($"unexpected field {field.Name}"),
                    };
                    Instant? wanted = field.Value.ValueKind == JsonValueKind.Null ? null : ScenarioFiles.Instant(field.Value.GetString()!);
                    Assert.True(wanted == value, $"{what} {field.Name}: expected {wanted?.ToString() ?? "null"}, got {value?.ToString() ?? "null"}");
                    break;
            }
        }
    }

    private static string Wire(MetricState state) => state switch
    {
        MetricState.AtRisk => "at_risk",
        _ => state.ToString().ToLowerInvariant(),
    };

    internal static SlaConfiguration Configuration(JsonElement c)
    {
        var calendarId = c.GetProperty("calendar").GetString()!;
        var percent = c.GetProperty("atRiskPercent").GetInt32();
        var targets = new Dictionary<SlaMetric, MetricTarget>();
        foreach (var target in c.GetProperty("targets").EnumerateObject())
        {
            Assert.True(SlaMetricWire.TryParse(target.Name, out var metric));
            targets[metric] = new MetricTarget(ScenarioFiles.Duration(target.Value.GetString()!), calendarId);
        }

        var policy = new SlaPolicy(
            "scenario",
            TicketCondition.Always,
            Enum.GetValues<Priority>().ToDictionary(p => p, _ => (IReadOnlyDictionary<SlaMetric, MetricTarget>)targets),
            SlaMetricWire.All.ToDictionary(m => m, _ => new AtRiskThreshold(percent, null)),
            new Dictionary<SlaMetric, IReadOnlyList<TicketStatus>>());
        var calendars = ScenarioFiles.Calendars().Values.Where(cal => cal.Id != CalendarDefinition.AlwaysOpenId).Select(cal => cal.Definition);
        var result = SlaConfiguration.Create(calendars, [policy], [], [], []);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Value;
    }

    internal static List<TicketEvent> Events(JsonElement events)
    {
        var list = new List<TicketEvent>();
        foreach (var e in events.EnumerateArray())
        {
            Assert.True(TicketWire.TryParseEventType(e.GetProperty("type").GetString(), out var type));
            var changes = new TicketChanges
            {
                Priority = e.TryGetProperty("priority", out var p) && TicketWire.TryParsePriority(p.GetString(), out var priority) ? priority : null,
                Status = e.TryGetProperty("status", out var s) && TicketWire.TryParseStatus(s.GetString(), out var status) ? status : null,
            };
            CommentInfo? comment = null;
            if (e.TryGetProperty("authorRole", out var role))
            {
                Assert.True(TicketWire.TryParseAuthorRole(role.GetString(), out var author));
                comment = new CommentInfo(author, e.GetProperty("public").GetBoolean());
            }

            list.Add(new TicketEvent("scenario", $"e{list.Count}", ScenarioFiles.Instant(e.GetProperty("time").GetString()!), type, changes, comment));
        }

        return list;
    }
}
