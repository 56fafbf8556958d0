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

    [Fact]
    public void The_HTTP_check_names_its_path_port_status_and_body_check()
    {
        Assert.Equal("HTTP GET /health?full=1 on container port 8080 answers status 200", Ready.Http(8080, "/health?full=1").Description);
        Assert.Equal("HTTP GET / on container port 80 answers status 204 with an accepted body", Ready.Http(80, "/", 204, _ => true).Description);
        Assert.Equal("HTTP GET /x on container port 80 answers an accepted status", Ready.Http(80, "/x", s => s < 500, null).Description);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void The_HTTP_check_refuses_a_port_outside_1_to_65535_naming_it(int port)
    {
        Assert.Equal("containerPort", Assert.Throws<ArgumentOutOfRangeException>(() => Ready.Http(port)).ParamName);
        Assert.Equal("containerPort", Assert.Throws<ArgumentOutOfRangeException>(() => Ready.Http(port, "/", _ => true, null)).ParamName);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public void The_HTTP_check_refuses_a_status_outside_100_to_599_naming_it(int status)
    {
        Assert.Equal("expectedStatus", Assert.Throws<ArgumentOutOfRangeException>(() => Ready.Http(8080, "/", status)).ParamName);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("")]
    [InlineData("http://host/")]
    [InlineData("/a b")]
    [InlineData("/a\nb")]
    [InlineData("/page#part")]
    public void The_HTTP_check_refuses_a_path_that_is_not_an_absolute_path_naming_it(string path)
    {
        var thrown = Assert.Throws<ArgumentException>(() => Ready.Http(8080, path));

        Assert.Equal("path", thrown.ParamName);
        Assert.Contains("path", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTTP_check_refuses_null_arguments_naming_them()
    {
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => Ready.Http(8080, null!)).ParamName);
        Assert.Equal("isExpectedStatus", Assert.Throws<ArgumentNullException>(() => Ready.Http(8080, "/", null!, null)).ParamName);
    }
}
