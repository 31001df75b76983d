using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// How a task's issue is found again in its tracker from the task id alone: a Jira label, and a Linear issue id
/// (a UUID v4) that carries the task id, so a retry asks for that id instead of making a second issue and a Linear
/// webhook names its task without a lookup table.
/// </summary>
public static class TrackerIssueIds
{
    private const string TaskPrefix = "task_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int PayloadBits = 100;
    private const int MarkerBits = 22;

    // Marks our ids among every UUID a webhook may carry; 22 bits leave one stranger's issue in four million
    // decoding to a task id, which then names no task.
    private const uint Marker = 0x2C51A7;

    /// <summary>The Jira label of a task's issue: <c>sla-{task id}</c>.</summary>
    public static string JiraLabel(string taskId) => "sla-" + taskId;

    /// <summary>The task a Jira label names, if it is one of ours.</summary>
    public static bool TryTaskOfJiraLabel(string? label, [NotNullWhen(true)] out string? taskId)
    {
        taskId = label is not null && label.StartsWith("sla-" + TaskPrefix, StringComparison.Ordinal) && IsTaskId(label[4..]) ? label[4..] : null;
        return taskId is not null;
    }

    /// <summary>The Linear issue id of a task: a UUID v4 whose random bits are a marker and the task id's 100 bits.</summary>
    public static string LinearId(string taskId)
    {
        if (!IsTaskId(taskId))
        {
            throw new ArgumentException($"'{taskId}' is not a task id", nameof(taskId));
        }

        UInt128 payload = 0;
        foreach (var c in taskId.AsSpan(TaskPrefix.Length))
        {
            payload = (payload << 5) | (uint)Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        UInt128 value = (UInt128)0x4 << 76 | (UInt128)0x2 << 62;
        var n = 0;
        foreach (var position in FreeBits())
        {
            var bit = n < MarkerBits
                ? (Marker >> (MarkerBits - 1 - n)) & 1
                : (uint)(payload >> (PayloadBits - 1 - (n - MarkerBits))) & 1;
            value |= (UInt128)bit << position;
            n++;
        }

        var hex = value.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>The task a Linear issue id carries, when it is one of ours.</summary>
    public static bool TryTaskOfLinearId(string? issueId, [NotNullWhen(true)] out string? taskId)
    {
        taskId = null;
        if (issueId is not { Length: 36 } || !Guid.TryParseExact(issueId, "D", out _)
            || !UInt128.TryParse(issueId.Replace("-", "", StringComparison.Ordinal), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value)
            || (value >> 76 & 0xF) != 0x4 || (value >> 62 & 0x3) != 0x2)
        {
            return false;
        }

        uint marker = 0;
        UInt128 payload = 0;
        var n = 0;
        foreach (var position in FreeBits())
        {
            var bit = (uint)(value >> position) & 1;
            if (n < MarkerBits)
            {
                marker = (marker << 1) | bit;
            }
            else
            {
                payload = (payload << 1) | bit;
            }

            n++;
        }

        if (marker != Marker)
        {
            return false;
        }

        var chars = new char[PayloadBits / 5];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(uint)(payload & 31)];
            payload >>= 5;
        }

        taskId = TaskPrefix + new string(chars);
        return true;
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a task id: <c>task_</c> and 20 base32 characters.</summary>
    public static bool IsTaskId(string? text) =>
        text is { Length: 25 } && text.StartsWith(TaskPrefix, StringComparison.Ordinal) && text.AsSpan(TaskPrefix.Length).IndexOfAnyExcept(Alphabet) < 0;

    /// <summary>The 122 bit positions a UUID v4 leaves free, from the most significant: all but its version and variant.</summary>
    private static IEnumerable<int> FreeBits()
    {
        for (var position = 127; position >= 0; position--)
        {
            if (position is not (>= 76 and <= 79) and not (62 or 63))
            {
                yield return position;
            }
        }
    }
}
