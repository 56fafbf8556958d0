using System.Text;

namespace Ociman.Tests.Containers;

public sealed class ExecProcessesSpecs
{
    [Theory]
    [InlineData("OCIMAN_EXEC=abc\0", true)]
    [InlineData("PATH=/bin\0OCIMAN_EXEC=abc\0HOME=/\0", true)]
    [InlineData("PATH=/bin\0OCIMAN_EXEC=abc", true)]
    [InlineData("OCIMAN_EXEC=abcd\0", false)]
    [InlineData("XOCIMAN_EXEC=abc\0", false)]
    [InlineData("OCIMAN_EXEC=ab\0c\0", false)]
    [InlineData("", false)]
    public void A_process_is_marked_only_by_the_exact_variable_and_value(string environ, bool marked)
    {
        Assert.Equal(marked, ExecProcesses.HoldsMarker(Encoding.ASCII.GetBytes(environ), "abc"));
    }

    [Fact]
    public void Markers_are_random_and_fit_a_shell_word_unquoted()
    {
        var a = ExecProcesses.NewMarker();
        var b = ExecProcesses.NewMarker();

        Assert.NotEqual(a, b);
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.Contains($"grep -qx 'OCIMAN_EXEC={a}'", ExecProcesses.InContainerScript(a), StringComparison.Ordinal);
    }
}
