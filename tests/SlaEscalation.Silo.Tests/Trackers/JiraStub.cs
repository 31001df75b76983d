using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>Jira Cloud's issue webhooks as Jira shapes and signs them (<c>X-Hub-Signature: sha256=</c>), computed here on their own.</summary>
public static class JiraStub
{
    /// <summary>
    /// The body of Jira's <c>jira:issue_updated</c> for the issue <paramref name="key"/> (id <paramref name="id"/>) of
    /// <paramref name="taskId"/> in a status of category <paramref name="category"/>. With <paramref name="statusChanged"/>
    /// it is a transition (<c>issue_generic</c>, a changelog item of the field <c>status</c>); without, a comment
    /// (<c>issue_commented</c>, no changelog), which carries the status as it was.
    /// </summary>
    public static string IssueEvent(
        string taskId, string id, string key, string category, string statusName, DateTimeOffset sent, bool statusChanged = true, string user = "Eve Engineer")
    {
        var body = new JsonObject
        {
            ["timestamp"] = sent.ToUnixTimeMilliseconds(),
            ["webhookEvent"] = "jira:issue_updated",
            ["issue_event_type_name"] = statusChanged ? "issue_generic" : "issue_commented",
            ["user"] = new JsonObject { ["accountId"] = "5b10a2844c20165700ede21g", ["displayName"] = user },
            ["issue"] = new JsonObject
            {
                ["id"] = id,
                ["key"] = key,
                ["fields"] = new JsonObject
                {
                    ["labels"] = new JsonArray("customer", TrackerIssueIds.JiraLabel(taskId)),
                    ["status"] = new JsonObject { ["name"] = statusName, ["statusCategory"] = new JsonObject { ["key"] = category } },
                },
            },
        };
        if (statusChanged)
        {
            body["changelog"] = new JsonObject
            {
                ["id"] = "10400",
                ["items"] = new JsonArray(new JsonObject
                {
                    ["field"] = "status", ["fieldtype"] = "jira", ["fieldId"] = "status",
                    ["from"] = "10000", ["fromString"] = "To Do", ["to"] = "10001", ["toString"] = statusName,
                }),
            };
        }
        else
        {
            body["comment"] = new JsonObject { ["id"] = "10050", ["body"] = "Escalation owner is now user:eng-1." };
        }

        return body.ToJsonString();
    }

    /// <summary><paramref name="body"/> as Jira sends it: JSON with <c>X-Hub-Signature: sha256=</c>, signed with <paramref name="secret"/>.</summary>
    public static StringContent Signed(string body, string secret)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return content;
    }
}
