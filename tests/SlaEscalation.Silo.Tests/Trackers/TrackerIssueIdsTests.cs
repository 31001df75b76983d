using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>The ids that let a task's issue be found again from the task id alone.</summary>
public sealed class TrackerIssueIdsTests
{
    [Fact]
    public void A_tasks_linear_id_is_a_uuid_v4_that_gives_the_task_back()
    {
        var taskIds = Enumerable.Range(0, 200).Select(i => EscalationIds.TaskOf($"acme:{i}", "standard", 3)).ToArray();

        foreach (var taskId in taskIds)
        {
            var id = TrackerIssueIds.LinearId(taskId);
            Assert.Equal(id, Guid.ParseExact(id, "D").ToString("D"));
            Assert.Equal(('4', true), (id[14], id[19] is '8' or '9' or 'a' or 'b'));
            Assert.True(TrackerIssueIds.TryTaskOfLinearId(id, out var back));
            Assert.Equal(taskId, back);
        }

        Assert.Equal(taskIds.Length, taskIds.Select(TrackerIssueIds.LinearId).Distinct().Count());
    }

    [Theory]
    [InlineData("2f9b8e0c-53a1-4c6e-9d2b-7a1f0e4c8b21")]
    [InlineData("not-a-uuid")]
    [InlineData(null)]
    public void An_issue_id_linear_made_names_no_task(string? issueId) =>
        Assert.False(TrackerIssueIds.TryTaskOfLinearId(issueId, out _));

    [Fact]
    public void A_jira_label_names_its_task_and_other_labels_none()
    {
        var taskId = EscalationIds.TaskOf("acme:1", "standard", 3);

        Assert.True(TrackerIssueIds.TryTaskOfJiraLabel(TrackerIssueIds.JiraLabel(taskId), out var back));
        Assert.Equal(taskId, back);
        Assert.False(TrackerIssueIds.TryTaskOfJiraLabel("customer-facing", out _));
        Assert.False(TrackerIssueIds.TryTaskOfJiraLabel("sla-task_short", out _));
    }
}
