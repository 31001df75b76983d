using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Tests.Builders;

/// <summary>Configurations written as YAML documents, as admins write them.</summary>
internal static class TestConfigurations
{
    public static SlaConfiguration FromYaml(string yaml)
    {
        var result = ConfigurationDocument.ParseYaml(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Value;
    }

    /// <summary>A single calendar, read from its JSON/YAML shape.</summary>
    public static BusinessCalendar Calendar(string yaml)
    {
        var configuration = FromYaml($"calendars:\n  c:\n{Indent(yaml, 4)}");
        return configuration.Calendars["c"];
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));
}
