using NUnit.Framework;

// In the root namespace of every test here: torn down after every other fixture.
namespace Ociman.Testing.NUnit.Tests;

/// <summary>Fails the run when a container or network this test process made (its session label) is still there at the end.</summary>
[SetUpFixture]
public sealed class LeakCheck
{
    [OneTimeTearDown]
    public async Task No_container_of_this_session_is_left()
    {
        var availability = await TestEngine.GetAvailabilityAsync();
        if (availability.Engine is not { } engine)
        {
            return;
        }

        var left = await engine.ListContainersAsync([new(TestSession.SessionLabel, TestSession.Id)]);
        if (left.Count > 0)
        {
            await engine.RemoveContainersAsync(TestSession.SessionLabel, TestSession.Id);
            Assert.Fail($"{left.Count} container(s) of session {TestSession.Id} were left behind: "
                + string.Join(", ", left.Select(c => $"{c.Id[..12]} ({c.State})")));
        }

        var networks = await engine.ListNetworksAsync([new(TestSession.SessionLabel, TestSession.Id)]);
        if (networks.Count > 0)
        {
            await engine.RemoveNetworksAsync(TestSession.SessionLabel, TestSession.Id);
            Assert.Fail($"{networks.Count} network(s) of session {TestSession.Id} were left behind: " + string.Join(", ", networks.Select(n => n.Name)));
        }
    }
}
