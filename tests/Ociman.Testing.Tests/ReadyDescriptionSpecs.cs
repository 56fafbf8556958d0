using System.Text.RegularExpressions;

namespace Ociman.Testing.Tests;

/// <summary>Readiness checks describe themselves on one line: text from callers has its control characters escaped.</summary>
public sealed class ReadyDescriptionSpecs
{
    [Fact]
    public void Log_text_is_quoted_with_control_characters_escaped()
    {
        Assert.Equal(@"the log contains 'ready\n\u001b[0m'", Ready.LogContains("ready\n\u001b[0m").Description);
    }

    [Fact]
    public void A_log_pattern_has_its_control_characters_escaped()
    {
        Assert.Equal(@"the log matches /a\tb\r/ 2 times", Ready.LogMatches(new Regex("a\tb\r"), 2).Description);
    }

    [Fact]
    public void An_exec_command_has_its_control_characters_escaped()
    {
        Assert.Equal(@"`sh -c echo\nx` succeeds in the container", Ready.ExecSucceeds("sh", "-c", "echo\nx").Description);
    }

    [Fact]
    public void The_TCP_port_check_names_its_port()
    {
        Assert.StartsWith("TCP port 5432 ", Ready.TcpPort(5432).Description, StringComparison.Ordinal);
    }
}
