using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class ProcessTreeSpecs
{
    [Theory]
    [InlineData("4242 (podman) S 17 4242 17 0 -1", 17)]
    [InlineData("4242 (a (b) c) R 99 1 1 0", 99)]
    [InlineData("4242 (x y) Z 1 4242", 1)]
    public void The_parent_is_read_after_the_command_name_whatever_it_holds(string stat, int parent)
    {
        Assert.Equal(parent, ProcessTree.ParseParent(stat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 podman S 17")]
    [InlineData("4242 (podman)")]
    public void A_stat_line_without_a_parent_gives_none(string stat)
    {
        Assert.Null(ProcessTree.ParseParent(stat));
    }

    [Fact]
    public void This_process_is_a_descendant_of_its_parent()
    {
        var parent = ProcessTree.ParseParent(File.ReadAllText("/proc/self/stat"));

        Assert.NotNull(parent);
        Assert.Contains(Environment.ProcessId, ProcessTree.Descendants(parent.Value));
    }
}
