using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Contracts.Escalations;

/// <summary>Stable, URL-safe ids for escalations and engineering tasks, derived from what they are about.</summary>
public static class EscalationIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The escalation of one ticket's metric instance under one runbook.</summary>
    public static string Of(string ticketKey, string instanceId, string runbookId) =>
        "esc_" + Hash(ticketKey, instanceId, runbookId);

    /// <summary>
    /// The engineering task of one ticket's runbook step (runbook and level): one per ticket and step, however often
    /// the step fires and whichever metric raised it.
    /// </summary>
    public static string TaskOf(string ticketKey, string runbookId, int level) =>
        "task_" + Hash(ticketKey, runbookId, level.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Hash(params string[] parts)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        var text = new StringBuilder(20);
        for (var i = 0; i < 20; i++)
        {
            // 20 characters of 5 bits: 100 bits of the digest, base32 (lower case, no padding).
            var bit = i * 5;
            var value = ((digest[bit / 8] << 8) | digest[(bit / 8) + 1]) >> (11 - (bit % 8)) & 31;
            text.Append(Alphabet[value]);
        }

        return text.ToString();
    }
}
