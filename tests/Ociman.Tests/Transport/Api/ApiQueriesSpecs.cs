using System.Text;
using Ociman.Transport.Api;

// The client's models mark nested objects nullable; the builder under test always sets the ones asserted on.
#pragma warning disable CS8602, CS8604

namespace Ociman.Tests.Transport.Api;

public class ApiQueriesSpecs
{
    [Fact]
    public void Label_filters_match_a_key_or_a_key_and_value()
    {
        var filters = ApiQueries.LabelFilters([new("io.ociman.session", null), new("team", "a=b")]);

        Assert.Equal(["label"], filters.Keys);
        Assert.Equal(["io.ociman.session", "team=a=b"], filters["label"].Keys.Order(StringComparer.Ordinal));
        Assert.All(filters["label"].Values, Assert.True);
    }

    [Fact]
    public void No_label_filters_list_every_container()
    {
        var parameters = ApiQueries.ListContainers([]);

        Assert.True(parameters.All);
        Assert.Empty(parameters.Filters);
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(1, 1u)]
    [InlineData(1500, 2u)]
    [InlineData(10_000, 10u)]
    public void A_stop_grace_period_is_whole_seconds_rounded_up(int milliseconds, uint seconds)
    {
        Assert.Equal(seconds, ApiQueries.Stop(TimeSpan.FromMilliseconds(milliseconds)).WaitBeforeKillSeconds);
    }

    [Fact]
    public void No_grace_period_leaves_the_containers_own_stop_timeout()
    {
        Assert.Null(ApiQueries.Stop(null).WaitBeforeKillSeconds);
    }

    [Fact]
    public void A_negative_grace_period_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ApiQueries.Stop(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_commit_splits_repository_and_tag_and_keeps_changes_message_and_pause()
    {
        var options = new CommitOptions { Pause = true, Changes = ["CMD [\"sh\"]"], Message = "seeded" };

        var parameters = ApiQueries.Commit("abc", ImageReference.Parse("registry.local:5000/team/app:seeded-1"), options);

        Assert.Equal("abc", parameters.ContainerID);
        Assert.Equal("registry.local:5000/team/app", parameters.RepositoryName);
        Assert.Equal("seeded-1", parameters.Tag);
        Assert.Equal(["CMD [\"sh\"]"], parameters.Changes);
        Assert.Equal("seeded", parameters.Comment);
        Assert.True(parameters.Pause);
    }

    [Fact]
    public void An_exec_body_carries_the_command_environment_user_workdir_and_attaches_input_only_when_given()
    {
        var request = new ApiExecRequest(["sh", "-c", "echo $TOKEN"], new Dictionary<string, string> { ["TOKEN"] = "s3cret" }, "nobody", "/tmp", Tty: false, Input: (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes("x"));

        var body = ApiQueries.ExecCreate(request);
        var withoutInput = ApiQueries.ExecCreate(request with { Input = null });

        Assert.Equal(["sh", "-c", "echo $TOKEN"], body.Cmd);
        Assert.Equal(["TOKEN=s3cret"], body.Env);
        Assert.Equal("nobody", body.User);
        Assert.Equal("/tmp", body.WorkingDir);
        Assert.True(body.AttachStdin);
        Assert.True(body.AttachStdout);
        Assert.True(body.AttachStderr);
        Assert.False(withoutInput.AttachStdin);
    }
}
